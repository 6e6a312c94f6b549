package report_test

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

func ExampleReport_WriteHTML() {
	var b strings.Builder
	if err := sample().WriteHTML(&b, language.English); err != nil {
		fmt.Println(err)
		return
	}
	page := b.String()
	fmt.Println(strings.HasPrefix(page, "<!DOCTYPE html>"), strings.Count(page, "<svg"), strings.Count(page, `class="rank-row`))
	// Output: true 6 6
}
