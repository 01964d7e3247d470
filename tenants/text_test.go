package tenants_test

import (
	"context"
	"errors"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
)

// TestTenantNameText: a tenant's name is held to the text rule (it heads the admin portal and the demo's cards):
// refused with invalid on "name" and no tenant written; emoji pass.
func TestTenantNameText(t *testing.T) {
	db := mustDB(t)
	s := tenants.NewStore(db, nil)
	sys := tenancy.System(context.Background())
	for name, v := range map[string]string{
		"NUL": "演示\x00科技", "LineFeed": "演示\n科技", "RightToLeftOverride": "演示\u202e科技",
		"WordJoiner": "演示\u2060科技", "InvalidUTF8": "演示\xff科技",
	} {
		t.Run(name, func(t *testing.T) {
			slug := uniqueSlug(t)
			_, err := s.Create(sys, slug, v)
			if e, ok := errors.AsType[*apperr.Error](err); !ok || e.Code != apperr.Invalid || e.Field != "name" {
				t.Fatalf("err = %v, want invalid on name", err)
			}
			var n int64
			if err := db.WithContext(sys).Model(&tenants.Tenant{}).Where("slug = ?", slug).Count(&n).Error; err != nil || n != 0 {
				t.Errorf("%d tenants written (%v)", n, err)
			}
		})
	}
	if tn, err := s.Create(sys, uniqueSlug(t), "  桥 🌉 科技 "); err != nil || tn.Name != "桥 🌉 科技" {
		t.Errorf("Create = %+v, %v", tn, err)
	}
}
