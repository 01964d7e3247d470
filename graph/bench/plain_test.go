package bench_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// todoPage is the JSON of the first page of a todo list, as the GraphQL query of BenchmarkTodoMillion shapes it.
type todoPage struct {
	Data struct {
		CollabItems struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node todoNode `json:"node"`
			} `json:"edges"`
		} `json:"collabItems"`
	} `json:"data"`
}

type todoNode struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
	Sender struct {
		Name string `json:"name"`
	} `json:"sender"`
}

// plainTodo is the baseline: the first todo page written by hand with database/sql. Like the GraphQL endpoint it
// takes the bearer token, checks its signature and claims and reads the account and its employee's status in one
// query (token version, active), then reads the page in the queries oa.Service.Search runs (the person's
// collab_box_counts row for totalCount; the newest pending rows of ix_recipients_box with their items joined; their
// senders by id) and writes the same JSON. Without auth it skips the token and serves one fixed person: what
// reading the page costs by itself, the floor.
func plainTodo(db *sql.DB, auth bool, tenant, person uint64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		tid, eid := tenant, person
		if auth {
			var err error
			if tid, eid, err = plainAuthenticate(r.Context(), db, r.Header.Get("Authorization")); err != nil {
				http.Error(w, err.Error(), http.StatusUnauthorized)
				return
			}
		}
		page, err := readTodo(r.Context(), db, tid, eid)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(page)
	})
}

// plainClaims are the claims of Qiao's access tokens that a handler needs.
type plainClaims struct {
	jwt.RegisteredClaims
	TenantID     uint64 `json:"tid"`
	EmployeeID   uint64 `json:"eid"`
	TokenVersion int    `json:"tv"`
}

// plainAuthenticate checks a bearer token as auth.Service.Authenticate does: signature, issuer, audience and
// expiry, then the account's token version and its employee's status in one query.
func plainAuthenticate(ctx context.Context, db *sql.DB, header string) (tenant, employee uint64, err error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return 0, 0, errors.New("no bearer token")
	}
	var c plainClaims
	if _, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return []byte(apptest.JWTSecret), nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(auth.Issuer),
		jwt.WithAudience(auth.Audience), jwt.WithExpirationRequired()); err != nil {
		return 0, 0, err
	}
	account, err := strconv.ParseUint(c.Subject, 10, 64)
	if err != nil {
		return 0, 0, err
	}
	var emp uint64
	var version int
	var status string
	if err := db.QueryRowContext(ctx, `SELECT a.employee_id, a.token_version, e.status FROM accounts a
		JOIN employees e ON e.tenant_id = a.tenant_id AND e.id = a.employee_id
		WHERE a.tenant_id = ? AND a.id = ? LIMIT 1`, c.TenantID, account).Scan(&emp, &version, &status); err != nil {
		return 0, 0, fmt.Errorf("account: %w", err)
	}
	if emp != c.EmployeeID || version != c.TokenVersion || status != "active" {
		return 0, 0, errors.New("token revoked or employee inactive")
	}
	return c.TenantID, emp, nil
}

func readTodo(ctx context.Context, db *sql.DB, tenant, person uint64) (todoPage, error) {
	var page todoPage
	out := &page.Data.CollabItems
	if err := db.QueryRowContext(ctx, `SELECT todo FROM collab_box_counts
		WHERE tenant_id = ? AND employee_id = ? LIMIT 1`, tenant, person).Scan(&out.TotalCount); err != nil {
		return page, fmt.Errorf("count: %w", err)
	}
	rows, err := db.QueryContext(ctx, `SELECT i.id, i.title, i.status, i.sender_id FROM collab_recipients r
		JOIN collab_items i ON i.tenant_id = r.tenant_id AND i.id = r.item_id
		WHERE r.tenant_id = ? AND r.recipient_id = ? AND r.state = ? ORDER BY r.item_id DESC LIMIT ?`,
		tenant, person, "pending", pageSize+1)
	if err != nil {
		return page, fmt.Errorf("items: %w", err)
	}
	var nodes []todoNode
	var senderOf []uint64
	var senders []any
	for rows.Next() && len(nodes) < pageSize {
		var n todoNode
		var id, sender uint64
		if err := rows.Scan(&id, &n.Title, &n.Status, &sender); err != nil {
			rows.Close()
			return page, err
		}
		n.ID, n.Status = strconv.FormatUint(id, 10), strings.ToUpper(n.Status)
		nodes, senderOf = append(nodes, n), append(senderOf, sender)
		senders = append(senders, sender)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, err
	}
	if len(nodes) == 0 {
		return page, nil
	}
	rows, err = db.QueryContext(ctx, `SELECT id, name FROM employees WHERE tenant_id = ? AND id IN (`+marks(len(senders))+`)`,
		append([]any{tenant}, senders...)...)
	if err != nil {
		return page, fmt.Errorf("senders: %w", err)
	}
	names := map[uint64]string{}
	for rows.Next() {
		var id uint64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return page, err
		}
		names[id] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, err
	}
	for i, n := range nodes {
		n.Sender.Name = names[senderOf[i]]
		out.Edges = append(out.Edges, struct {
			Node todoNode `json:"node"`
		}{n})
	}
	return page, nil
}

// marks is n comma-separated placeholders.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// fetchPage posts body to url once and returns its page re-encoded, so two handlers' answers compare as strings.
func fetchPage(b *testing.B, url, token string, body []byte) string {
	b.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var r apptest.Response
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) > 0 {
		b.Fatalf("%s: %s (%v)", url, raw, err)
	}
	var page todoPage
	if err := json.Unmarshal(raw, &page); err != nil {
		b.Fatalf("%s: %v", url, err)
	}
	if n := len(page.Data.CollabItems.Edges); n != pageSize || page.Data.CollabItems.TotalCount != todoN {
		b.Fatalf("%s: %d items of %d, want %d of %d", url, n, page.Data.CollabItems.TotalCount, pageSize, todoN)
	}
	norm, _ := json.Marshal(page)
	return string(norm)
}
