package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"reflect"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
)

// SystemContactsPath is where PB and CRM keep the contact people of their customers and suppliers (seed 004 §2):
// PUT makes or updates the contact whose login the path names, DELETE takes the account back.
const SystemContactsPath = "/api/systems/contacts/{login}"

// ContactDirectory is what the system contacts API needs of the directory; *directory.Store implements it.
type ContactDirectory interface {
	PutContact(ctx context.Context, in directory.NewContact, resetPassword bool) (directory.Contact, bool, string, error)
	DeleteSystemContact(ctx context.Context, system, login string) error
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
	// ResetPassword asks a new one-time password for a contact who exists (the answer that carried the first was
	// lost, or the person forgot theirs).
	ResetPassword bool `json:"resetPassword"`
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
	// The system is the actor of the audit entries its calls make.
	ctx = audit.WithActor(ctx, audit.Actor{Kind: audit.System, ID: sys.Code, Source: auth.ClientFrom(ctx)})
	login := r.PathValue("login")
	if r.Method == http.MethodDelete {
		if err := h.contacts.DeleteSystemContact(ctx, sys.Code, login); err != nil {
			h.fail(w, r, sys.Code, err)
			return
		}
		h.log.InfoContext(ctx, "system contact deleted", "tenant", sys.TenantID, "system", sys.Code, "login", login)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	var req systemContactRequest
	if status, err := readSystemBody(w, r, systemContactFields, &req); err != nil {
		writeErrorStatus(w, status, err)
		return
	}
	c, created, pw, err := h.contacts.PutContact(ctx, directory.NewContact{
		ContactInput: directory.ContactInput{Party: directory.Party(req.Party), Company: req.Company, Name: req.Name, Mobile: req.Mobile},
		Login:        login, Source: sys.Code, Password: req.Password, MustChange: true}, req.ResetPassword)
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
