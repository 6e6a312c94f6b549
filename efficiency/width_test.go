package efficiency

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/width"
)

// TestFoldWidthAgreesWithFold: the fast path (nothing to fold, no new
// string) gives exactly what width.Fold gives.
func TestFoldWidthAgreesWithFold(t *testing.T) {
	for _, s := range []string{"", "CASE-1", "营业执照", "ＣＡＳＥ－１", "营业执照（副本）", "身份证　复印件", "ｶﾀｶﾅ", "카", "￥100",
		"mixed 中文 ＡＢＣ", "\xff\xfe bad", "中\xff文", "⁉️ emoji"} {
		assert.Equal(t, width.Fold.String(s), FoldWidth(s), "FoldWidth(%q)", s)
	}
}
