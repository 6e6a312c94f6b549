package phases_test

import (
	"fmt"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

func exampleCampaign() *phases.Campaign {
	c, err := phases.New(cityConfig())
	if err != nil {
		panic(err)
	}
	return c
}

func ExampleNew() {
	cfg := cityConfig()
	cfg.Phases[1].From = efficiency.NewDate(2026, time.September, 28) // overlaps mobilisation
	_, err := phases.New(cfg)
	fmt.Println(err)
	// Output:
	// phases: phases[1].from: phase rectification starts on 2026-09-28, not after the phase mobilization ends on 2026-09-30: the phases run in the order mobilization, rectification, consolidation without overlapping
}

func ExampleCampaign_At() {
	c := exampleCampaign()
	for _, t := range []time.Time{
		time.Date(2026, time.August, 31, 12, 0, 0, 0, efficiency.ShanghaiZone()),
		time.Date(2026, time.September, 30, 23, 59, 59, 0, efficiency.ShanghaiZone()),
		time.Date(2026, time.October, 1, 0, 0, 0, 0, efficiency.ShanghaiZone()),
		time.Date(2027, time.January, 1, 0, 0, 0, 0, efficiency.ShanghaiZone()),
	} {
		pos := c.At(t)
		fmt.Printf("%s: %s %s\n", t.Format("2006-01-02 15:04:05"), pos.Stage, pos.Phase.Name().ZhHans)
	}
	// Output:
	// 2026-08-31 12:00:00: not-started 未知阶段
	// 2026-09-30 23:59:59: in-phase 动员部署
	// 2026-10-01 00:00:00: in-phase 整改提高
	// 2027-01-01 00:00:00: over 未知阶段
}

func ExampleCampaign_Overdue() {
	c := exampleCampaign()
	u := efficiency.Unit{ID: "city-legal", Kind: efficiency.MunicipalUnit}
	for _, o := range c.Overdue(&u, time.Date(2026, time.December, 1, 9, 0, 0, 0, efficiency.ShanghaiZone())) {
		fmt.Printf("%s due %s\n", o.Kind, o.Due.Format("2006-01-02 15:04:05"))
	}
	// Output:
	// implementation-plan due 2026-09-30 23:59:59
	// rectification-report due 2026-11-30 23:59:59
	// measure-report:education due 2026-11-30 23:59:59
}

func ExampleCampaign_Progress() {
	c := exampleCampaign()
	p := c.Progress(progressBatch(), time.Date(2026, time.December, 1, 10, 0, 0, 0, efficiency.ShanghaiZone()))
	for _, r := range p.Rows {
		fmt.Printf("%s", r.Name.ZhHans)
		for _, cell := range r.Cells {
			fmt.Printf(" %s", cell.State.Name().ZhHans)
		}
		fmt.Println()
	}
	// Output:
	// 阿城区人民政府 逾期完成 逾期未报 待报送 无需报送 无需报送
	// 北塘区人民政府 逾期未报 逾期未报 待报送 无需报送 无需报送
	// 市法制局 按时完成 逾期未报 待报送 逾期未报 无需报送
	// 市监察局 按时完成 逾期完成 待报送 无需报送 按时完成
	// 中山区人民政府 按时完成 逾期未报 按时完成 无需报送 无需报送
}
