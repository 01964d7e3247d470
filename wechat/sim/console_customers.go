package sim

import (
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// The console's 客户联系 → 客户列表 page: customers with their followers,
// a form adding a customer to a member (as the member does on the phone,
// posting add_external_contact), and per follower an edited remark
// (edit_external_contact) or a deletion (del_external_contact).

// prefixLines shows trusted IPs one a line, a single address without its
// /32 or /128.
func prefixLines(list []netip.Prefix) string {
	lines := make([]string, len(list))
	for i, p := range list {
		if p.IsSingleIP() {
			lines[i] = p.Addr().String()
		} else {
			lines[i] = p.String()
		}
	}
	return strings.Join(lines, "\n")
}

var customerTypes = map[int]string{1: "微信用户", 2: "企业微信用户"}

// customersData gathers the customers page; false for an unknown corp.
func (s *Server) customersData(corpID string) (consoleCustomersData, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.corps[corpID]
	if c == nil {
		return consoleCustomersData{}, false
	}
	d := consoleCustomersData{consoleFrame: consoleFrame{CorpID: corpID, CSRF: s.consoleToken,
		Base: consoleBase(corpID) + "/customers", Back: consoleBase(corpID)}, Members: consoleMembers(c), Form: ExternalContact{Type: 1}}
	for _, x := range c.msg.external.byID {
		cc := consoleCustomer{ID: x.id, Name: x.name, Type: customerTypes[x.typ], CorpName: x.corpName}
		for _, f := range x.follow {
			fl := consoleFollower{UserID: f.userKey, Remark: f.remark}
			if u := c.users[f.userKey]; u != nil {
				fl.UserID, fl.Name = u.id, u.name
			}
			cc.Followers = append(cc.Followers, fl)
		}
		d.Customers = append(d.Customers, cc)
	}
	slices.SortFunc(d.Customers, func(a, b consoleCustomer) int { return strings.Compare(a.ID, b.ID) })
	return d, true
}

func (s *Server) renderCustomers(w http.ResponseWriter, r *http.Request, status int, msg *consoleMsg, edit func(*consoleCustomersData)) {
	d, ok := s.customersData(r.PathValue("corpid"))
	d.FormUser = r.URL.Query().Get("userid")
	renderConsole(s, w, "console-customers", d, ok, status, msg, edit)
}

// GET /_sim/console/{corpid}/customers[?userid=]: the customer list; userid
// preselects the member in the add form.
func (s *Server) handleConsoleCustomers(w http.ResponseWriter, r *http.Request) {
	s.renderCustomers(w, r, http.StatusOK, nil, nil)
}

func (s *Server) postCustomer(w http.ResponseWriter, r *http.Request) {
	userID := r.PostFormValue("userid")
	ec := ExternalContact{Name: strings.TrimSpace(r.PostFormValue("name")),
		CorpName: strings.TrimSpace(r.PostFormValue("corp_name")), Remark: strings.TrimSpace(r.PostFormValue("remark"))}
	ec.Type, _ = strconv.Atoi(r.PostFormValue("type"))
	id, err := s.AddExternalContact(r.PathValue("corpid"), userID, ec)
	msg, status := consoleResult(err, "已添加客户 "+id+"（add_external_contact 已推送）")
	s.renderCustomers(w, r, status, msg, func(d *consoleCustomersData) {
		d.FormUser = userID
		if err != nil {
			d.Form = ec
		}
	})
}

func (s *Server) postCustomerRemark(w http.ResponseWriter, r *http.Request) {
	remark := strings.TrimSpace(r.PostFormValue("remark"))
	err := s.EditExternalContact(r.PathValue("corpid"), r.PostFormValue("userid"), r.PathValue("external_userid"),
		FollowEdit{Remark: &remark})
	msg, status := consoleResult(err, "备注已修改（edit_external_contact 已推送）")
	s.renderCustomers(w, r, status, msg, nil)
}

func (s *Server) postCustomerDelete(w http.ResponseWriter, r *http.Request) {
	err := s.DeleteExternalContact(r.PathValue("corpid"), r.PostFormValue("userid"), r.PathValue("external_userid"))
	msg, status := consoleResult(err, "已删除客户（del_external_contact 已推送）")
	s.renderCustomers(w, r, status, msg, nil)
}
