package tenancy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// probe is a throwaway tenant-scoped model; keyedProbe is scoped through a `tenant:"key"` column, like tenants.
type probe struct {
	ID       uint64 `gorm:"primaryKey"`
	TenantID uint64
	Name     string
}

func (probe) TableName() string { return "tenancy_probe" }

type keyedProbe struct {
	ID   uint64 `gorm:"primaryKey;autoIncrement:false" tenant:"key"`
	Name string
}

func (keyedProbe) TableName() string { return "tenancy_keyed_probe" }

const tenantA, tenantB tenancy.ID = 1001, 1002

func mustDB(t *testing.T) *gorm.DB {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatalf("use tenancy plugin: %v", err)
	}
	sys := db.WithContext(tenancy.System(context.Background()))
	for _, stmt := range []string{
		"DROP TABLE IF EXISTS tenancy_probe, tenancy_keyed_probe",
		"CREATE TABLE tenancy_probe (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, tenant_id BIGINT UNSIGNED NOT NULL, name VARCHAR(64) NOT NULL)",
		"CREATE TABLE tenancy_keyed_probe (id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(64) NOT NULL)",
		"INSERT INTO tenancy_probe (tenant_id, name) VALUES (1001, 'a1'), (1001, 'a2'), (1002, 'b1')",
		"INSERT INTO tenancy_keyed_probe (id, name) VALUES (1001, 'A'), (1002, 'B')",
	} {
		if err := sys.Exec(stmt).Error; err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return db
}

func names(t *testing.T, ctx context.Context, db *gorm.DB) []string {
	t.Helper()
	var rows []probe
	if err := db.WithContext(ctx).Order("name").Find(&rows).Error; err != nil {
		t.Fatalf("list probes: %v", err)
	}
	out := []string{}
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

func TestPlugin(t *testing.T) {
	db := mustDB(t)
	bg := context.Background()
	ctxA, ctxB := tenancy.WithTenant(bg, tenantA), tenancy.WithTenant(bg, tenantB)
	sys := tenancy.System(bg)

	var idB uint64
	if err := db.WithContext(ctxB).Model(&probe{}).Where("name = ?", "b1").Pluck("id", &idB).Error; err != nil || idB == 0 {
		t.Fatalf("find b1: id %d, %v", idB, err)
	}

	t.Run("ErrNoTenant", func(t *testing.T) {
		var n int64
		cases := map[string]func(*gorm.DB) error{
			"Query":  func(db *gorm.DB) error { return db.Find(&[]probe{}).Error },
			"First":  func(db *gorm.DB) error { return db.First(&probe{}, idB).Error },
			"Count":  func(db *gorm.DB) error { return db.Model(&probe{}).Count(&n).Error },
			"Update": func(db *gorm.DB) error { return db.Model(&probe{}).Where("id = ?", idB).Update("name", "x").Error },
			"Delete": func(db *gorm.DB) error { return db.Where("id = ?", idB).Delete(&probe{}).Error },
			"Create": func(db *gorm.DB) error { return db.Create(&probe{Name: "x"}).Error },
			"Raw":    func(db *gorm.DB) error { return db.Raw("SELECT COUNT(*) FROM tenancy_probe").Scan(&n).Error },
			"Exec":   func(db *gorm.DB) error { return db.Exec("DELETE FROM tenancy_probe").Error },
			// The hand-scanned reads (database.EachRow): raw SQL read row by row.
			"RawRows": func(db *gorm.DB) error {
				rows, err := db.Raw("SELECT id FROM tenancy_probe WHERE tenant_id = ?", tenantA).Rows()
				if err == nil {
					_ = rows.Close()
				}
				return err
			},
			"Rows": func(db *gorm.DB) error {
				rows, err := db.Model(&probe{}).Rows()
				if err == nil {
					_ = rows.Close()
				}
				return err
			},
			"Keyed": func(db *gorm.DB) error { return db.Find(&[]keyedProbe{}).Error },
		}
		for name, run := range cases {
			t.Run(name, func(t *testing.T) {
				// Both a bare context and no WithContext at all must fail closed.
				for _, d := range []*gorm.DB{db, db.WithContext(bg)} {
					if err := run(d); !errors.Is(err, tenancy.ErrNoTenant) {
						t.Fatalf("err = %v, want ErrNoTenant", err)
					}
				}
			})
		}
		if got := names(t, sys, db); !cmp.Equal(got, []string{"a1", "a2", "b1"}) {
			t.Fatalf("rows changed by refused statements: %v", got)
		}
	})

	t.Run("ReadOwnOnly", func(t *testing.T) {
		if diff := cmp.Diff([]string{"a1", "a2"}, names(t, ctxA, db)); diff != "" {
			t.Errorf("tenant A sees (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"b1"}, names(t, ctxB, db)); diff != "" {
			t.Errorf("tenant B sees (-want +got):\n%s", diff)
		}
		err := db.WithContext(ctxA).First(&probe{}, idB).Error
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			t.Errorf("A reading B's row by id: err = %v, want not found", err)
		}
		var n int64
		if err := db.WithContext(ctxA).Model(&probe{}).Count(&n).Error; err != nil || n != 2 {
			t.Errorf("A count = %d, %v; want 2", n, err)
		}
		var keyed []keyedProbe
		if err := db.WithContext(ctxA).Find(&keyed).Error; err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]keyedProbe{{ID: tenantA, Name: "A"}}, keyed); diff != "" {
			t.Errorf("keyed model (-want +got):\n%s", diff)
		}
	})

	t.Run("CannotWriteOthers", func(t *testing.T) {
		res := db.WithContext(ctxA).Model(&probe{}).Where("id = ?", idB).Update("name", "hacked")
		if res.Error != nil || res.RowsAffected != 0 {
			t.Errorf("A updating B's row: rows %d, err %v; want 0 rows", res.RowsAffected, res.Error)
		}
		res = db.WithContext(ctxA).Delete(&probe{}, idB)
		if res.Error != nil || res.RowsAffected != 0 {
			t.Errorf("A deleting B's row: rows %d, err %v; want 0 rows", res.RowsAffected, res.Error)
		}
		res = db.WithContext(ctxA).Model(&keyedProbe{}).Where("id = ?", tenantB).Update("name", "hacked")
		if res.Error != nil || res.RowsAffected != 0 {
			t.Errorf("A updating B's keyed row: rows %d, err %v; want 0 rows", res.RowsAffected, res.Error)
		}
		if diff := cmp.Diff([]string{"b1"}, names(t, ctxB, db)); diff != "" {
			t.Errorf("B's rows after A's attempts (-want +got):\n%s", diff)
		}
	})

	t.Run("InsertStampsTenant", func(t *testing.T) {
		p := probe{Name: "a3"}
		if err := db.WithContext(ctxA).Create(&p).Error; err != nil {
			t.Fatal(err)
		}
		if p.TenantID != tenantA {
			t.Errorf("TenantID = %d, want %d", p.TenantID, tenantA)
		}
		batch := []probe{{Name: "a4"}, {Name: "a5"}}
		if err := db.WithContext(ctxA).Create(&batch).Error; err != nil {
			t.Fatal(err)
		}
		for _, p := range batch {
			if p.TenantID != tenantA {
				t.Errorf("%s: TenantID = %d, want %d", p.Name, p.TenantID, tenantA)
			}
		}
	})

	t.Run("InsertOtherTenantRefused", func(t *testing.T) {
		if err := db.WithContext(ctxA).Create(&probe{TenantID: tenantB, Name: "smuggled"}).Error; err == nil {
			t.Error("A inserting a row of B succeeded")
		}
		batch := []probe{{Name: "ok"}, {TenantID: tenantB, Name: "smuggled"}}
		if err := db.WithContext(ctxA).Create(&batch).Error; err == nil {
			t.Error("A inserting a batch with a row of B succeeded")
		}
		if diff := cmp.Diff([]string{"b1"}, names(t, ctxB, db)); diff != "" {
			t.Errorf("B's rows (-want +got):\n%s", diff)
		}
	})

	t.Run("SystemInsertNeedsTenant", func(t *testing.T) {
		err := db.WithContext(sys).Create(&probe{Name: "orphan"}).Error
		if !errors.Is(err, tenancy.ErrNoTenant) {
			t.Errorf("err = %v, want ErrNoTenant", err)
		}
		if err := db.WithContext(sys).Create(&probe{TenantID: tenantB, Name: "b2"}).Error; err != nil {
			t.Errorf("explicit tenant in System context: %v", err)
		}
	})

	t.Run("SystemSeesAll", func(t *testing.T) {
		want := []string{"a1", "a2", "a3", "a4", "a5", "b1", "b2"}
		if diff := cmp.Diff(want, names(t, sys, db)); diff != "" {
			t.Errorf("System sees (-want +got):\n%s", diff)
		}
	})

	t.Run("CountThenFindScopedOnce", func(t *testing.T) {
		var n int64
		var rows []probe
		q := db.WithContext(ctxB).Model(&probe{})
		if err := q.Count(&n).Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if n != int64(len(rows)) || n != 2 {
			t.Errorf("count %d, rows %d; want 2 and 2", n, len(rows))
		}
	})

	t.Run("RawCarriesTenant", func(t *testing.T) {
		var n int64
		err := db.WithContext(ctxA).Raw("SELECT COUNT(*) FROM tenancy_probe WHERE tenant_id = ?", tenantA).Scan(&n).Error
		if err != nil || n != 5 {
			t.Errorf("count = %d, %v; want 5", n, err)
		}
	})

	t.Run("ErrorMentionsTable", func(t *testing.T) {
		err := db.Find(&[]probe{}).Error
		if err == nil || !strings.Contains(err.Error(), "tenancy_probe") {
			t.Errorf("err = %v, want it to name the table", err)
		}
	})
}

// TestUnscopable: statements the plugin cannot scope are refused, not run across tenants.
func TestUnscopable(t *testing.T) {
	db := mustDB(t)
	ctxA := tenancy.WithTenant(context.Background(), tenantA)
	var idA uint64
	if err := db.WithContext(ctxA).Model(&probe{}).Where("name = ?", "a1").Pluck("id", &idA).Error; err != nil {
		t.Fatal(err)
	}
	var n int64
	cases := map[string]func() error{
		"TableFind":  func() error { return db.WithContext(ctxA).Table("tenancy_probe").Find(&[]map[string]any{}).Error },
		"TableCount": func() error { return db.WithContext(ctxA).Table("tenancy_probe").Count(&n).Error },
		"MoveByColumn": func() error {
			return db.WithContext(ctxA).Model(&probe{}).Where("id = ?", idA).Update("tenant_id", tenantB).Error
		},
		"MoveByMap": func() error {
			return db.WithContext(ctxA).Model(&probe{}).Where("id = ?", idA).Updates(map[string]any{"TenantID": tenantB}).Error
		},
		"MoveBySave": func() error {
			return db.WithContext(ctxA).Model(&probe{ID: idA}).Updates(&probe{TenantID: uint64(tenantB), Name: "moved"}).Error
		},
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) {
			if err := run(); !errors.Is(err, tenancy.ErrUnscopable) {
				t.Fatalf("err = %v, want ErrUnscopable", err)
			}
		})
	}
	if got := names(t, ctxA, db); !cmp.Equal(got, []string{"a1", "a2"}) {
		t.Fatalf("tenant A's rows changed: %v", got)
	}
	// Updating other columns of one's own rows still works.
	if err := db.WithContext(ctxA).Model(&probe{}).Where("id = ?", idA).Update("name", "a1").Error; err != nil {
		t.Fatalf("ordinary update refused: %v", err)
	}
}
