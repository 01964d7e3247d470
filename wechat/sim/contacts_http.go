package sim

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// HTTP handlers of the contact control API, over the Go methods in
// contacts_control.go.

// POST /_sim/corps/{corpid}/users {Member…} → 201 Member. With only
// userid (and name) it is AddUser.
func (s *Server) handleAddUser(w http.ResponseWriter, r *http.Request) {
	var in Member
	if !decodeControl(w, r, &in) {
		return
	}
	corpID := r.PathValue("corpid")
	if in.Name == "" {
		in.Name = in.UserID
	}
	if err := s.CreateUser(corpID, in); err != nil {
		writeControlError(w, err)
		return
	}
	m, err := s.GetUser(corpID, in.UserID)
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

// GET /_sim/corps/{corpid}/users → 200 [Member…].
func (s *Server) handleListUsers(w http.ResponseWriter, r *http.Request) {
	us, err := s.ListUsers(r.PathValue("corpid"))
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, us)
}

// GET /_sim/corps/{corpid}/users/{userid} → 200 Member.
func (s *Server) handleGetUser(w http.ResponseWriter, r *http.Request) {
	m, err := s.GetUser(r.PathValue("corpid"), r.PathValue("userid"))
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

// PATCH /_sim/corps/{corpid}/users/{userid} {fields of user/update} → 200
// Member; absent fields stay.
func (s *Server) handlePatchUser(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeControlError(w, fmt.Errorf("%w: body: %v", ErrInvalid, err))
		return
	}
	corpID, userID := r.PathValue("corpid"), r.PathValue("userid")
	s.mu.Lock()
	err = func() error {
		c, err := s.corpLocked(corpID)
		if err != nil {
			return err
		}
		u, err := s.userOf(c, userID)
		if err != nil {
			return err
		}
		m, e := mergeUserUpdate(u, raw)
		if e != nil {
			return fmt.Errorf("%w: invalid JSON body", ErrInvalid)
		}
		m.UserID = u.id
		return s.changeUserLocked(c, u, m)
	}()
	s.mu.Unlock()
	if err != nil {
		writeControlError(w, err)
		return
	}
	s.handleGetUser(w, r)
}

// DELETE /_sim/corps/{corpid}/users/{userid} → 204.
func (s *Server) handleDeleteUser(w http.ResponseWriter, r *http.Request) {
	if err := s.DeleteUser(r.PathValue("corpid"), r.PathValue("userid")); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// POST /_sim/corps/{corpid}/departments {Department} → 201 {"id"}.
func (s *Server) handleCreateDepartment(w http.ResponseWriter, r *http.Request) {
	var in Department
	if !decodeControl(w, r, &in) {
		return
	}
	id, err := s.CreateDepartment(r.PathValue("corpid"), in)
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]int64{"id": id})
}

// GET /_sim/corps/{corpid}/departments → 200 [Department…].
func (s *Server) handleListDepartments(w http.ResponseWriter, r *http.Request) {
	ds, err := s.ListDepartments(r.PathValue("corpid"))
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ds)
}

// PATCH /_sim/corps/{corpid}/departments/{id} {fields of
// department/update} → 204; absent fields stay.
func (s *Server) handlePatchDepartment(w http.ResponseWriter, r *http.Request) {
	var in deptUpdate
	if !decodeControl(w, r, &in) {
		return
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		writeControlError(w, fmt.Errorf("%w: department id", ErrInvalid))
		return
	}
	in.ID = id
	s.mu.Lock()
	c, err := s.corpLocked(r.PathValue("corpid"))
	if err == nil {
		err = s.changeDeptLocked(c, in)
	}
	s.mu.Unlock()
	if err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// DELETE /_sim/corps/{corpid}/departments/{id} → 204.
func (s *Server) handleDeleteDepartment(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		writeControlError(w, fmt.Errorf("%w: department id", ErrInvalid))
		return
	}
	if err := s.DeleteDepartment(r.PathValue("corpid"), id); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// POST /_sim/corps/{corpid}/tags {"tagid","tagname","userlist","partylist"}
// → 201 {"tagid"}.
func (s *Server) handleCreateTag(w http.ResponseWriter, r *http.Request) {
	var in Tag
	if !decodeControl(w, r, &in) {
		return
	}
	id, err := s.CreateTag(r.PathValue("corpid"), in)
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]int64{"tagid": id})
}

// PUT /_sim/corps/{corpid}/contact-secret {"secret"} → 204.
func (s *Server) handleContactSecret(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Secret string `json:"secret"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if err := s.SetContactSecret(r.PathValue("corpid"), in.Secret); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// PUT /_sim/corps/{corpid}/apps/{agentid}/scope {"departments","users",
// "tags"} → 204.
func (s *Server) handleScope(w http.ResponseWriter, r *http.Request) {
	var in Scope
	if !decodeControl(w, r, &in) {
		return
	}
	agentID, err := strconv.ParseInt(r.PathValue("agentid"), 10, 64)
	if err != nil {
		writeControlError(w, fmt.Errorf("%w: agentid", ErrInvalid))
		return
	}
	if err := s.SetVisibleScope(r.PathValue("corpid"), agentID, in); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
