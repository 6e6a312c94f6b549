package rules

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestAppendTimeMatchesAppendFormat: the hand-written time formatting of
// messages gives what time.AppendFormat gives with the two layouts it
// stands for, over random instants (years -50 to 10,050, a day's end among
// them) in several zones.
func TestAppendTimeMatchesAppendFormat(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	zones := []*time.Location{sh, time.UTC, time.FixedZone("minus", -9*3600-30*60)}
	want := func(x time.Time) string {
		if x.Hour() == 23 && x.Minute() == 59 && x.Second() == 59 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04")
	}
	for i := range 20000 {
		loc := zones[i%len(zones)]
		x := time.Date(rng.IntN(10100)-50, time.Month(1+rng.IntN(12)), 1+rng.IntN(28),
			rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1e9), loc)
		if i%5 == 0 {
			x = time.Date(x.Year(), x.Month(), x.Day(), 23, 59, 59, rng.IntN(1e9), loc)
		}
		require.Equal(t, want(x), string(appendTime(nil, x)), "appendTime(%v)", x)
	}
}
