package directory_test

import (
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

// TestDirectoryText: the names and texts the directory stores without a GraphQL input of their own (employees
// created by provisioning, external contacts as WeCom reports them) are held to the text rule, refused with
// invalid naming the field and nothing written; emoji pass; and a profile whose stored name predates the rule can
// still have its other fields changed.
func TestDirectoryText(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	alice, _ := e.mustEmployee(t, "Alice", "alice")
	count := func(table string) int64 {
		t.Helper()
		var n int64
		if err := e.db.WithContext(e.ctx).Raw("SELECT COUNT(*) FROM "+table+" WHERE tenant_id = ?", e.tenant.ID).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	wantInvalid := func(t *testing.T, err error, field string) {
		t.Helper()
		if ae := wantCode(t, err, apperr.Invalid); ae.Field != field {
			t.Errorf("field %q, want %q (%v)", ae.Field, field, err)
		}
	}
	bad := map[string]string{
		"NUL": "张\x00三", "ESC": "\x1b[31m张三", "LineFeed": "张\n三", "RightToLeftOverride": "张三\u202egpj.exe",
		"ZeroWidthSpace": "张\u200b三", "ReplacementCharacter": "张三\ufffd", "InvalidUTF8": "张三\xff",
	}

	t.Run("EmployeeName", func(t *testing.T) {
		for name, v := range bad {
			t.Run(name, func(t *testing.T) {
				employees, accounts := count("employees"), count("accounts")
				_, _, err := e.dir.CreateEmployee(e.ctx, directory.Employee{Name: v}, "bad-name", goodPassword, directory.RoleMember)
				wantInvalid(t, err, "name")
				if count("employees") != employees || count("accounts") != accounts {
					t.Error("a refused employee was written")
				}
			})
		}
		emp, _ := e.mustEmployee(t, "王五 👨‍💻", "wangwu")
		if emp.Name != "王五 👨‍💻" {
			t.Errorf("name %q", emp.Name)
		}
	})

	t.Run("ExternalContact", func(t *testing.T) {
		contact := func(f func(c *directory.ExternalContact, v string), v string) directory.ExternalContact {
			c := directory.ExternalContact{ExternalUserID: "wmText", Name: "客户", Type: directory.ContactWeChat,
				Followers: []directory.ExternalFollower{{EmployeeID: alice.ID}}}
			f(&c, v)
			return c
		}
		fields := map[string]func(c *directory.ExternalContact, v string){
			"name":     func(c *directory.ExternalContact, v string) { c.Name = v },
			"corpName": func(c *directory.ExternalContact, v string) { c.CorpName = &v },
			"position": func(c *directory.ExternalContact, v string) { c.Position = &v },
			"followers": func(c *directory.ExternalContact, v string) {
				c.Followers[0].Remark = &v
			},
		}
		for field, set := range fields {
			for name, v := range bad {
				t.Run(field+"/"+name, func(t *testing.T) {
					before := count("external_contacts")
					_, err := e.dir.UpsertExternalContact(e.ctx, contact(set, v))
					wantInvalid(t, err, field)
					if count("external_contacts") != before {
						t.Error("a refused contact was written")
					}
				})
			}
		}
		got, err := e.dir.UpsertExternalContact(e.ctx, contact(fields["name"], "小王 🌸❤️"))
		if err != nil || got.Name != "小王 🌸❤️" {
			t.Errorf("emoji nickname: %+v, %v", got, err)
		}
	})

	t.Run("ProfileUnderAnOlderName", func(t *testing.T) {
		// A name stored before the rule: such rows are not migrated.
		if err := e.db.WithContext(e.ctx).Model(&directory.Employee{}).Where("id = ?", alice.ID).
			Update("name", "Alice\u202e").Error; err != nil {
			t.Fatal(err)
		}
		got, err := e.dir.UpdateProfile(e.ctx, alice.ID, directory.ProfilePatch{Position: ptr("经理")})
		if err != nil || got.Position == nil || *got.Position != "经理" {
			t.Errorf("UpdateProfile = %+v, %v; want the position changed", got.Position, err)
		}
		_, err = e.dir.UpdateProfile(e.ctx, alice.ID, directory.ProfilePatch{Position: ptr("经理/\u202e助理")})
		wantInvalid(t, err, "position")
	})
}
