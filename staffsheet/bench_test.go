package staffsheet_test

import (
	"bytes"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// sheetOf builds an xlsx of n new people in 100 departments under 10 roots, as a company's first import.
func sheetOf(b *testing.B, n int) []byte {
	b.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"姓名", "登录名", "手机", "邮箱", "部门", "职位", "工号"}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{fmt.Sprintf("员工%06d", i), fmt.Sprintf("u%06d", i), fmt.Sprintf("139%08d", i),
			fmt.Sprintf("u%06d@example.com", i), fmt.Sprintf("事业部%d/部门%d", i%10, i%100), "工程师", fmt.Sprintf("E%06d", i)}
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// peakHeap samples the heap in use every 10 ms until stop, and reports the highest seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if h := m.HeapInuse; h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); return peak.Load() }
}

// BenchmarkStaffImport imports an xlsx of rows new people (-benchtime 1x; 10,000 and 50,000 rows) into
// an empty tenant: the preview (read, plan, keep) and the job that applies it, each timed, with the peak heap of
// the whole. The aim is 50,000 rows in under 20 s and 300 MB.
func BenchmarkStaffImport(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			env := apptest.New(b, "")
			data := sheetOf(b, n)
			for i := range b.N {
				tn := env.Tenant(b, fmt.Sprintf("bench%d", i))
				ctx := tn.Ctx()
				runtime.GC()
				stop := peakHeap()
				start := time.Now()
				imp, err := env.StaffImports.Preview(ctx, "bench", "staff.xlsx", bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				preview := time.Since(start)
				if imp.Creates != n {
					b.Fatalf("preview: %d to create of %d (%d bad)", imp.Creates, n, imp.Bad)
				}
				if _, err := env.StaffImports.Apply(ctx, imp.ID); err != nil {
					b.Fatal(err)
				}
				var msg outbox.Message
				if err := env.DB.WithContext(ctx).Where("kind = ?", outbox.KindStaffImport).Take(&msg).Error; err != nil {
					b.Fatal(err)
				}
				applyStart := time.Now()
				if err := env.StaffImports.Run(ctx, msg.ID); err != nil {
					b.Fatal(err)
				}
				apply := time.Since(applyStart)
				peak := stop()
				got, _ := env.StaffImports.Get(ctx, imp.ID)
				if got.Applied != n {
					b.Fatalf("applied %d of %d", got.Applied, n)
				}
				b.ReportMetric(preview.Seconds(), "preview-s")
				b.ReportMetric(apply.Seconds(), "apply-s")
				b.ReportMetric(float64(n)/apply.Seconds(), "rows/s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			}
		})
	}
}
