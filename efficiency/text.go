package efficiency

import (
	"golang.org/x/text/language"
)

// Text is a user-facing string in the two languages every name, message and
// error exists in: Simplified Chinese (the default) and English.
// In JSON and YAML it is an object {"zh-Hans": "...", "en": "..."}.
type Text struct {
	ZhHans string `json:"zh-Hans" yaml:"zh-Hans"`
	En     string `json:"en" yaml:"en"`
}

// T builds a Text from its Chinese and English forms.
func T(zh, en string) Text { return Text{ZhHans: zh, En: en} }

// Supported lists the languages of [Text], the default first.
var Supported = []language.Tag{language.SimplifiedChinese, language.English}

var matcher = language.NewMatcher(Supported)

// Match returns the supported language closest to the user's preferences
// (BCP 47 tags or an Accept-Language header value); Simplified Chinese when
// nothing matches.
func Match(prefs ...string) language.Tag {
	var tags []language.Tag
	for _, p := range prefs {
		ts, _, err := language.ParseAcceptLanguage(p)
		if err != nil {
			continue
		}
		tags = append(tags, ts...)
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return Supported[0]
	}
	return Supported[i]
}

// In returns the form for the language tag: English for any tag whose base
// language is English, Chinese otherwise. An empty form falls back to the other.
func (t Text) In(tag language.Tag) string {
	if base, _ := tag.Base(); base.String() == "en" {
		if t.En != "" {
			return t.En
		}
		return t.ZhHans
	}
	if t.ZhHans != "" {
		return t.ZhHans
	}
	return t.En
}

// String returns the Chinese form followed by the English one.
func (t Text) String() string {
	switch {
	case t.ZhHans == "":
		return t.En
	case t.En == "" || t.En == t.ZhHans:
		return t.ZhHans
	}
	return t.ZhHans + " (" + t.En + ")"
}

// IsZero reports whether both forms are empty.
func (t Text) IsZero() bool { return t.ZhHans == "" && t.En == "" }
