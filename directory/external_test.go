package directory_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

func TestExternalContacts(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	alice, _ := e.mustEmployee(t, "Alice", "alice")
	bob, _ := e.mustEmployee(t, "Bob", "bob")
	stranger, _ := other.mustEmployee(t, "Stranger", "stranger")
	added := time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC)

	upsert := func(t *testing.T, env *env, c directory.ExternalContact) directory.ExternalContact {
		t.Helper()
		got, err := env.dir.UpsertExternalContact(env.ctx, c)
		if err != nil {
			t.Fatalf("upsert %s: %v", c.ExternalUserID, err)
		}
		return got
	}

	t.Run("InsertThenUpdate", func(t *testing.T) {
		got := upsert(t, e, directory.ExternalContact{
			ExternalUserID: " wmCustomer1 ", Name: " 客户甲 ", Type: directory.ContactWeCom, CorpName: ptr("甲公司"),
			Position: ptr("采购"), Gender: directory.GenderFemale,
			Followers: []directory.ExternalFollower{
				{EmployeeID: bob.ID, Remark: ptr("甲公司-王总"), State: ptr("expo"), AddedAt: added.Add(time.Hour)},
				{EmployeeID: alice.ID, AddedAt: added},
			},
		})
		if got.ExternalUserID != "wmCustomer1" || got.Name != "客户甲" || got.TenantID != e.tenant.ID || *got.CorpName != "甲公司" {
			t.Errorf("contact = %+v", got)
		}
		if len(got.Followers) != 2 || got.Followers[0].EmployeeID != alice.ID || got.Followers[1].EmployeeID != bob.ID ||
			*got.Followers[1].Remark != "甲公司-王总" || !got.Followers[0].AddedAt.Equal(added) {
			t.Errorf("followers (by added_at) = %+v", got.Followers)
		}
		created := got.CreatedAt

		e.clock.Advance(time.Minute)
		got = upsert(t, e, directory.ExternalContact{
			ExternalUserID: "wmCustomer1", Name: "客户甲(新)", Type: directory.ContactWeCom,
			Followers: []directory.ExternalFollower{{EmployeeID: bob.ID}},
		})
		if got.Name != "客户甲(新)" || got.CorpName != nil || !got.CreatedAt.Equal(created) || !got.UpdatedAt.After(created) {
			t.Errorf("updated contact = %+v (created %v)", got, created)
		}
		if len(got.Followers) != 1 || got.Followers[0].EmployeeID != bob.ID || got.Followers[0].Remark != nil {
			t.Errorf("followers after replace = %+v", got.Followers)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		ok := directory.ExternalContact{ExternalUserID: "wmX", Name: "X", Type: directory.ContactWeChat}
		for _, tc := range []struct {
			name  string
			patch func(*directory.ExternalContact)
			field string
		}{
			{"NoID", func(c *directory.ExternalContact) { c.ExternalUserID = " " }, "externalUserId"},
			{"NoName", func(c *directory.ExternalContact) { c.Name = "" }, "name"},
			{"BadType", func(c *directory.ExternalContact) { c.Type = 3 }, "type"},
			{"BadGender", func(c *directory.ExternalContact) { c.Gender = 7 }, "gender"},
			{"FollowerTwice", func(c *directory.ExternalContact) {
				c.Followers = []directory.ExternalFollower{{EmployeeID: alice.ID}, {EmployeeID: alice.ID}}
			}, "followers"},
			{"FollowerUnknown", func(c *directory.ExternalContact) {
				c.Followers = []directory.ExternalFollower{{EmployeeID: 987654321}}
			}, "followers"},
			{"FollowerOfOtherTenant", func(c *directory.ExternalContact) {
				c.Followers = []directory.ExternalFollower{{EmployeeID: stranger.ID}}
			}, "followers"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := ok
				tc.patch(&c)
				_, err := e.dir.UpsertExternalContact(e.ctx, c)
				wantField(t, err, apperr.Invalid, tc.field)
			})
		}
		_, err := e.dir.ExternalContact(e.ctx, "wmX")
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("Isolation", func(t *testing.T) {
		_, err := other.dir.ExternalContact(other.ctx, "wmCustomer1")
		wantCode(t, err, apperr.NotFound)
		// The same external user ID is another row in another tenant.
		got := upsert(t, other, directory.ExternalContact{ExternalUserID: "wmCustomer1", Name: "别家的客户", Type: directory.ContactWeChat,
			Followers: []directory.ExternalFollower{{EmployeeID: stranger.ID}}})
		if got.Name != "别家的客户" {
			t.Errorf("other tenant's contact = %+v", got)
		}
		mine, err := e.dir.ExternalContact(e.ctx, "wmCustomer1")
		if err != nil || mine.Name != "客户甲(新)" {
			t.Errorf("this tenant's contact after the other's upsert = %+v, %v", mine, err)
		}
	})
	t.Run("List", func(t *testing.T) {
		for i := range 4 {
			c := directory.ExternalContact{ExternalUserID: fmt.Sprintf("wmList%d", i), Name: "客户乙", Type: directory.ContactWeChat}
			if i%2 == 0 {
				c.Followers = []directory.ExternalFollower{{EmployeeID: alice.ID}}
			}
			upsert(t, e, c)
		}
		collect := func(t *testing.T, follower *uint64, first int) ([]string, int) {
			t.Helper()
			var ids []string
			after, pages := "", 0
			for {
				page, err := e.dir.ListExternalContacts(e.ctx, follower, first, after)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, c := range page.Contacts {
					ids = append(ids, c.ExternalUserID)
					if follower != nil && (len(c.Followers) == 0 || c.Followers[0].EmployeeID != *follower) {
						t.Errorf("%s listed for follower %d with followers %+v", c.ExternalUserID, *follower, c.Followers)
					}
				}
				if !page.HasNext {
					return ids, pages
				}
				after = page.EndCursor
			}
		}
		all, pages := collect(t, nil, 2)
		// By name (客户乙 < 客户甲 in byte order), then external user ID.
		if diff := cmp.Diff([]string{"wmList0", "wmList1", "wmList2", "wmList3", "wmCustomer1"}, all); diff != "" || pages != 3 {
			t.Errorf("all contacts in %d pages (-want +got):\n%s", pages, diff)
		}
		mine, _ := collect(t, &alice.ID, 1)
		if diff := cmp.Diff([]string{"wmList0", "wmList2"}, mine); diff != "" {
			t.Errorf("alice's contacts (-want +got):\n%s", diff)
		}
		bobs, _ := collect(t, &bob.ID, 10)
		if diff := cmp.Diff([]string{"wmCustomer1"}, bobs); diff != "" {
			t.Errorf("bob's contacts (-want +got):\n%s", diff)
		}
		// The other tenant's follower sees only the other tenant's contact, even with this tenant's employee ID.
		page, err := other.dir.ListExternalContacts(other.ctx, &alice.ID, 10, "")
		if err != nil || len(page.Contacts) != 0 {
			t.Errorf("other tenant listing by a foreign follower = %+v, %v", page, err)
		}
		_, err = e.dir.ListExternalContacts(e.ctx, nil, 0, "")
		wantField(t, err, apperr.Invalid, "first")
		_, err = e.dir.ListExternalContacts(e.ctx, nil, 10, "eyJuIjoiYSJ9")
		wantField(t, err, apperr.Invalid, "after")
	})
}
