package embedded_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"
)

// tenant maps the tenants table of migrations/0001 (only what these tests touch).
type tenant struct {
	ID        uint64 `gorm:"primaryKey"`
	Slug      string
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (tenant) TableName() string { return "tenants" }

func TestGorm(t *testing.T) {
	ctx := context.Background()
	db := mustMigrated(t).WithContext(ctx)

	t.Run("TransactionCommit", func(t *testing.T) {
		err := db.Transaction(func(tx *gorm.DB) error {
			tn := tenant{Slug: "acme", Name: "Acme"}
			if err := tx.Create(&tn).Error; err != nil {
				return err
			}
			if tn.ID == 0 {
				t.Error("no AUTO_INCREMENT id after Create")
			}
			var got tenant
			if err := tx.First(&got, tn.ID).Error; err != nil {
				return err
			}
			if got.Slug != "acme" {
				t.Errorf("read back slug %q inside the transaction", got.Slug)
			}
			res := tx.Model(&tenant{}).Where("id = ?", tn.ID).Update("name", "Acme Ltd")
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				t.Errorf("update affected %d rows, want 1", res.RowsAffected)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Transaction: %v", err)
		}
		var got tenant
		if err := db.Where("slug = ?", "acme").First(&got).Error; err != nil {
			t.Fatalf("after commit: %v", err)
		}
		if got.Name != "Acme Ltd" {
			t.Errorf("name = %q after commit, want %q", got.Name, "Acme Ltd")
		}
	})

	t.Run("TransactionRollback", func(t *testing.T) {
		errBoom := errors.New("boom")
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Create(&tenant{Slug: "ghost", Name: "Ghost"}).Error; err != nil {
				return err
			}
			if err := tx.Model(&tenant{}).Where("slug = ?", "acme").Update("name", "changed").Error; err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("Transaction = %v, want errBoom", err)
		}
		var n int64
		if err := db.Model(&tenant{}).Where("slug = ?", "ghost").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows of a rolled-back insert are visible", n)
		}
		var got tenant
		if err := db.Where("slug = ?", "acme").First(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got.Name != "Acme Ltd" {
			t.Errorf("rolled-back update is visible: name = %q", got.Name)
		}
	})

	t.Run("ErrDuplicatedKey", func(t *testing.T) {
		err := db.Create(&tenant{Slug: "acme", Name: "Other"}).Error
		if !errors.Is(err, gorm.ErrDuplicatedKey) {
			t.Fatalf("Create with a taken slug = %v, want gorm.ErrDuplicatedKey", err)
		}
		// The same inside a transaction, where the store code will meet it.
		err = db.Transaction(func(tx *gorm.DB) error {
			return tx.Create(&tenant{Slug: "acme", Name: "Other"}).Error
		})
		if !errors.Is(err, gorm.ErrDuplicatedKey) {
			t.Fatalf("in a transaction = %v, want gorm.ErrDuplicatedKey", err)
		}
	})

	t.Run("ErrRecordNotFound", func(t *testing.T) {
		err := db.Where("slug = ?", "nobody").First(&tenant{}).Error
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			t.Fatalf("First = %v, want gorm.ErrRecordNotFound", err)
		}
	})

	t.Run("Datetime6RoundTrip", func(t *testing.T) {
		at := time.Date(2025, 3, 4, 5, 6, 7, 123456000, time.UTC)
		tn := tenant{Slug: "clock", Name: "Clock", CreatedAt: at, UpdatedAt: at}
		if err := db.Create(&tn).Error; err != nil {
			t.Fatal(err)
		}
		var got tenant
		if err := db.First(&got, tn.ID).Error; err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(at, got.CreatedAt); diff != "" {
			t.Errorf("created_at (-want +got):\n%s", diff)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Errorf("created_at location %v, want UTC", got.CreatedAt.Location())
		}
		// Comparisons on DATETIME(6) keep the microseconds.
		var n int64
		if err := db.Model(&tenant{}).Where("created_at > ?", at.Add(-time.Microsecond)).
			Where("slug = ?", "clock").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("created_at > at-1µs matched %d rows, want 1", n)
		}
	})

	t.Run("NowFuncIsUTCMicroseconds", func(t *testing.T) {
		tn := tenant{Slug: "now", Name: "Now"}
		if err := db.Create(&tn).Error; err != nil {
			t.Fatal(err)
		}
		var got tenant
		if err := db.First(&got, tn.ID).Error; err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(tn.CreatedAt) {
			t.Errorf("created_at stored %v, read back %v", tn.CreatedAt, got.CreatedAt)
		}
	})
}
