package bench_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

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

// plainTodo is the baseline: the first todo page of one fixed person, read with database/sql in the same four
// queries as oa.Service.Search (the person's collab_box_counts row for totalCount; the newest ids on
// ix_recipients_box; the items by id; their senders by id) and written as the same JSON. It authenticates nothing
// and parses nothing: what it costs is the floor. Without count it skips the totalCount read and answers todoN,
// to show what that read costs.
func plainTodo(db *sql.DB, tenant, person uint64, count bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		page, err := readTodo(r.Context(), db, tenant, person, count)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(page)
	})
}

func readTodo(ctx context.Context, db *sql.DB, tenant, person uint64, count bool) (todoPage, error) {
	var page todoPage
	out := &page.Data.CollabItems
	out.TotalCount = todoN
	if count {
		if err := db.QueryRowContext(ctx, `SELECT todo FROM collab_box_counts
			WHERE tenant_id = ? AND employee_id = ? LIMIT 1`, tenant, person).Scan(&out.TotalCount); err != nil {
			return page, fmt.Errorf("count: %w", err)
		}
	}
	ids, err := column(ctx, db, `SELECT item_id FROM collab_recipients
		WHERE tenant_id = ? AND recipient_id = ? AND state = ? ORDER BY item_id DESC LIMIT ?`, tenant, person, "pending", pageSize+1)
	if err != nil {
		return page, fmt.Errorf("ids: %w", err)
	}
	ids = ids[:min(len(ids), pageSize)]
	if len(ids) == 0 {
		return page, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT id, title, status, sender_id FROM collab_items
		WHERE tenant_id = ? AND id IN (`+marks(len(ids))+`)`, append([]any{tenant}, ids...)...)
	if err != nil {
		return page, fmt.Errorf("items: %w", err)
	}
	byID := map[uint64]todoNode{}
	senderOf := map[uint64]uint64{}
	var senders []any
	for rows.Next() {
		var n todoNode
		var id, sender uint64
		if err := rows.Scan(&id, &n.Title, &n.Status, &sender); err != nil {
			rows.Close()
			return page, err
		}
		n.ID, n.Status = strconv.FormatUint(id, 10), strings.ToUpper(n.Status)
		byID[id], senderOf[id] = n, sender
		senders = append(senders, sender)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, err
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
	for _, id := range ids {
		n, ok := byID[id.(uint64)]
		if !ok {
			continue
		}
		n.Sender.Name = names[senderOf[id.(uint64)]]
		out.Edges = append(out.Edges, struct {
			Node todoNode `json:"node"`
		}{n})
	}
	return page, nil
}

// column reads a one-column result of ids as query arguments.
func column(ctx context.Context, db *sql.DB, q string, args ...any) ([]any, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []any
	for rows.Next() {
		var id uint64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
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
