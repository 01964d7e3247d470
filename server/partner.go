package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/partners"
)

const partnerUsage = `usage:
  qiao partner create --slug SLUG --name NAME
  qiao partner key --slug SLUG [--overlap 24h] [--json]
  qiao partner list [--json]

Against the database of DATABASE_URL, migrated (qiao migrate). key issues a new API key for the partner and prints
it once; the partner's keys in use keep working for --overlap (default 24h, at most 720h; 0 ends them at once), so
its integration can move to the new key without an outage.`

// partnerCmd runs `qiao partner …` with args after "partner", writing to out.
func partnerCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(partnerUsage)
	}
	db, closeDB, err := openMigrated(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeDB()
	ps := partners.NewStore(db, nil)
	fs := flag.NewFlagSet("partner "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	slug := fs.String("slug", "", "the partner's identifier (a–z, 0–9, -)")
	name := fs.String("name", "", "the partner's name")
	overlap := fs.Duration("overlap", 24*time.Hour, "how long the keys in use keep working")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%w\n%s", err, partnerUsage)
	}
	switch args[0] {
	case "create":
		if *slug == "" || *name == "" {
			return fmt.Errorf("--slug and --name are required\n%s", partnerUsage)
		}
		p, err := ps.Create(ctx, *slug, *name)
		if err != nil {
			return describe(err)
		}
		_, err = fmt.Fprintf(out, "created partner %s (%s); issue its first key with: qiao partner key --slug %s\n", p.Slug, p.Name, p.Slug)
		return err
	case "key":
		if *slug == "" {
			return fmt.Errorf("--slug is required\n%s", partnerUsage)
		}
		secret, k, err := ps.IssueKey(ctx, *slug, *overlap)
		if err != nil {
			return describe(err)
		}
		if *asJSON {
			return json.NewEncoder(out).Encode(map[string]any{"partner": *slug, "key": secret, "prefix": k.Prefix,
				"othersEndAt": k.CreatedAt.Add(*overlap)})
		}
		_, err = fmt.Fprintf(out, "API key of partner %s (shown once, keep it secret):\n  %s\nIts other keys stop working at %s.\n",
			*slug, secret, k.CreatedAt.Add(*overlap).In(oa.ChinaTime).Format("2006-01-02 15:04"))
		return err
	case "list":
		all, err := ps.List(ctx)
		if err != nil {
			return describe(err)
		}
		type row struct {
			Slug       string   `json:"slug"`
			Name       string   `json:"name"`
			ActiveKeys []string `json:"activeKeys"`
		}
		rows := make([]row, 0, len(all))
		for _, p := range all {
			keys, err := ps.KeysInUse(ctx, p.ID)
			if err != nil {
				return err
			}
			r := row{Slug: p.Slug, Name: p.Name, ActiveKeys: make([]string, 0, len(keys))}
			for _, k := range keys {
				r.ActiveKeys = append(r.ActiveKeys, k.Prefix+"…")
			}
			rows = append(rows, r)
		}
		if *asJSON {
			return json.NewEncoder(out).Encode(rows)
		}
		w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "SLUG\tNAME\tKEYS IN USE")
		for _, r := range rows {
			fmt.Fprintf(w, "%s\t%s\t%v\n", r.Slug, r.Name, r.ActiveKeys)
		}
		return w.Flush()
	default:
		return fmt.Errorf("unknown command partner %s\n%s", args[0], partnerUsage)
	}
}
