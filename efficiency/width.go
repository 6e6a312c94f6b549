package efficiency

import "golang.org/x/text/width"

// FoldWidth folds full-width ASCII letters, digits and punctuation to their
// half-width forms (ＡＢＣ１２３ → ABC123), leaving Chinese characters alone.
// Identifiers typed on Chinese input methods arrive in full width; every id
// in facts and rule files is folded with it before it is compared.
func FoldWidth(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			// most non-ASCII text (Chinese) has nothing to fold: only build
			// a new string when some rune folds
			for _, r := range s[i:] {
				if width.LookupRune(r).Folded() != 0 {
					return width.Fold.String(s)
				}
			}
			return s
		}
	}
	return s
}
