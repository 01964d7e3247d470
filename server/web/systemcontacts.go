package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
)

// SystemContactsPath is where PB and CRM keep the contact people of their customers and suppliers (seed 004 §2):
// PUT makes or updates the contact whose login the path names, DELETE takes the account back.
const SystemContactsPath = "/api/systems/contacts/{login}"

// ContactDirectory is what the system contacts API needs of the directory; *directory.Store implements it.
type ContactDirectory interface {
	PutContact(ctx context.Context, in directory.NewContact) (directory.Contact, bool, string, error)
	ContactsByLogin(ctx context.Context, logins []string) (map[string]directory.Contact, error)
	DeleteContact(ctx context.Context, accountID uint64) error
}

// systemContacts serves SystemContactsPath for a system authenticated by its API key, as systemMessages does.
type systemContacts struct {
	keys     *systemMessages // its authenticate
	contacts ContactDirectory
	log      *slog.Logger
}

// systemContactRequest is PUT's body.
type systemContactRequest struct {
	Party    string `json:"party"`
	Company  string `json:"company"`
	Name     string `json:"name"`
	Mobile   string `json:"mobile"`
	Password string `json:"password"`
}

// systemContactAnswer is PUT's answer: the contact as kept, and a new contact's one-time password when the system
// gave none (shown this once).
type systemContactAnswer struct {
	Login           string `json:"login"`
	Party           string `json:"party"`
	Company         string `json:"company"`
	Name            string `json:"name"`
	Mobile          string `json:"mobile,omitempty"`
	Status          string `json:"status"`
	Created         bool   `json:"created"`
	OneTimePassword string `json:"oneTimePassword,omitempty"`
}

var systemContactFields = jsonFieldNames(reflect.TypeFor[systemContactRequest]())

func (h *systemContacts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sys, err := h.keys.authenticate(ctx, r.Header.Get("Authorization"))
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			h.log.ErrorContext(ctx, "system api: key lookup failed", "err", err)
			writeError(w, err)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="qiao-systems"`)
		writeErrorStatus(w, http.StatusUnauthorized, err)
		return
	}
	ctx = tenancy.WithTenant(ctx, sys.TenantID)
	login := r.PathValue("login")
	if r.Method == http.MethodDelete {
		cs, err := h.contacts.ContactsByLogin(ctx, []string{login})
		if err == nil {
			c, ok := cs[login]
			if !ok {
				err = apperr.E(apperr.NotFound, "联系人 %q 不存在", login)
			} else {
				err = h.contacts.DeleteContact(ctx, c.AccountID)
			}
		}
		if err != nil {
			h.fail(w, r, sys.Code, err)
			return
		}
		h.log.InfoContext(ctx, "system contact deleted", "tenant", sys.TenantID, "system", sys.Code, "login", login)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxSystemRequestBytes))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		writeErrorStatus(w, http.StatusRequestEntityTooLarge, apperr.E(apperr.Invalid, "请求体超过 %d KB", MaxSystemRequestBytes>>10))
		return
	}
	var req systemContactRequest
	if err == nil {
		err = checkJSONObject(body, systemContactFields)
	}
	if err == nil {
		err = decodeJSONObject(body, &req)
	}
	if err != nil {
		writeErrorStatus(w, http.StatusBadRequest, apperr.OrInternal(err, "read contact"))
		return
	}
	c, created, pw, err := h.contacts.PutContact(ctx, directory.NewContact{
		ContactInput: directory.ContactInput{Party: directory.Party(req.Party), Company: req.Company, Name: req.Name, Mobile: req.Mobile},
		Login:        login, Source: sys.Code, Password: req.Password, MustChange: true})
	if err != nil {
		h.fail(w, r, sys.Code, err)
		return
	}
	h.log.InfoContext(ctx, "system contact kept", "tenant", sys.TenantID, "system", sys.Code, "login", login, "created", created)
	ans := systemContactAnswer{Login: c.Login, Party: string(c.Party), Company: c.Company, Name: c.Name,
		Status: string(c.Status), Created: created, OneTimePassword: pw}
	if c.Mobile != nil {
		ans.Mobile = *c.Mobile
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if created {
		w.WriteHeader(http.StatusCreated)
	}
	_ = json.NewEncoder(w).Encode(ans)
}

// fail answers err, logging what the caller is not told.
func (h *systemContacts) fail(w http.ResponseWriter, r *http.Request, system string, err error) {
	if apperr.CodeOf(err) == apperr.Internal {
		h.log.ErrorContext(r.Context(), "system api: contact failed", "system", system, "err", err)
	}
	writeError(w, err)
}
