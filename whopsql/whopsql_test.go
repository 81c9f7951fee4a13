package whopsql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whopsql"
	"github.com/gowhop/whop/whoptest/deduptest"
)

const dsnVar = "WHOP_TEST_POSTGRES_DSN"

// openDB connects to the test PostgreSQL through link (nil: directly), or
// skips the test when WHOP_TEST_POSTGRES_DSN is unset.
func openDB(t testing.TB, link *deduptest.Link) *sql.DB {
	t.Helper()
	dsn := os.Getenv(dsnVar)
	if dsn == "" {
		t.Skipf("%s is not set; scripts/test-integration starts PostgreSQL and sets it", dsnVar)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("%s: %v", dsnVar, err)
	}
	if link != nil {
		cfg.DialFunc = link.Dial
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	t.Cleanup(func() { db.Close() })
	return db
}

// newTable makes a table of its own for one test and drops it afterwards.
func newTable(t testing.TB, db *sql.DB, opts ...whopsql.Option) *whopsql.Deduper {
	t.Helper()
	table := fmt.Sprintf("whop_test_%x", rand.Uint64())
	d, err := whopsql.New(db, append([]whopsql.Option{whopsql.WithTable(table)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CreateTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP TABLE ` + table); err != nil {
			t.Errorf("dropping %s: %v", table, err)
		}
	})
	return d
}

// advance moves every lease and TTL of d's table forward by by.
func advance(t testing.TB, db *sql.DB, d *whopsql.Deduper, by time.Duration) {
	t.Helper()
	if _, err := db.Exec(`UPDATE `+d.Table()+` SET expires_at = expires_at - $1::bigint * interval '1 millisecond'`, by.Milliseconds()); err != nil {
		t.Fatal(err)
	}
}

// pgStore is PostgreSQL as a deduptest store: every replica opens its own
// pool through one Link, which the outage test cuts.
func pgStore(t *testing.T, lease, ttl time.Duration) deduptest.Store {
	admin := openDB(t, nil)
	opts := []whopsql.Option{whopsql.WithLease(lease), whopsql.WithTTL(ttl)}
	table := newTable(t, admin, opts...)
	link := &deduptest.Link{}
	return deduptest.Store{
		Replica: func(t testing.TB) whop.WebhookDeduper {
			d, err := whopsql.New(openDB(t, link), append(opts, whopsql.WithTable(table.Table()))...)
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		Advance: func(t testing.TB, by time.Duration) { advance(t, admin, table, by) },
		SetDown: func(_ testing.TB, down bool) { link.SetDown(down) },
	}
}

func TestDeduperPostgreSQL(t *testing.T) {
	openDB(t, nil) // skips the whole suite at once without PostgreSQL
	deduptest.Run(t, pgStore)
}

func TestSweep(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, nil)
	d := newTable(t, db, whopsql.WithLease(time.Minute), whopsql.WithTTL(time.Hour))
	if _, _, err := d.Claim(ctx, "evt_claimed"); err != nil {
		t.Fatal(err)
	}
	_, l, err := d.Claim(ctx, "evt_done")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Complete(ctx, l, true); err != nil {
		t.Fatal(err)
	}
	rows := func() (n int) {
		t.Helper()
		if err := db.QueryRow(`SELECT count(*) FROM ` + d.Table()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	sweep := func(want int64) {
		t.Helper()
		n, err := d.Sweep(ctx)
		if err != nil || n != want {
			t.Fatalf("Sweep = %d, %v; want %d", n, err, want)
		}
	}
	sweep(0)
	advance(t, db, d, 2*time.Minute)
	sweep(1) // the claim's lease ended
	if rows() != 1 {
		t.Fatalf("%d rows, want the processed ID only", rows())
	}
	advance(t, db, d, time.Hour)
	sweep(1)
	if rows() != 0 {
		t.Fatalf("%d rows after the TTL", rows())
	}
}

func TestStoreErrors(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, nil)
	d, err := whopsql.New(db, whopsql.WithTable("whop_test_no_such_table"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Claim(ctx, "evt_x"); err == nil {
		t.Fatal("Claim on a missing table succeeded")
	}
	for _, processed := range []bool{true, false} {
		if err := d.Complete(ctx, whop.WebhookLease{ID: "evt_x", Token: "t"}, processed); err == nil || errors.Is(err, whop.ErrWebhookLeaseLost) {
			t.Fatalf("Complete(%v) on a missing table: %v, want the store's error", processed, err)
		}
		if err := d.Complete(ctx, whop.WebhookLease{ID: "evt_x"}, processed); !errors.Is(err, whop.ErrWebhookLeaseLost) {
			t.Fatalf("Complete(%v) without a token: %v", processed, err)
		}
	}
	if _, err := d.Sweep(ctx); err == nil {
		t.Fatal("Sweep on a missing table succeeded")
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	// New does not connect, so this runs without PostgreSQL.
	cfg, err := pgx.ParseConfig("postgres://whop@127.0.0.1:1/none")
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	tests := map[string]struct {
		db    *sql.DB
		opt   whopsql.Option
		field string
	}{
		"nil db":          {nil, nil, "db"},
		"empty table":     {db, whopsql.WithTable(""), "table"},
		"quoted table":    {db, whopsql.WithTable(`"x"; DROP TABLE y`), "table"},
		"leading digit":   {db, whopsql.WithTable("1table"), "table"},
		"three parts":     {db, whopsql.WithTable("a.b.c"), "table"},
		"long identifier": {db, whopsql.WithTable("t" + strings.Repeat("x", 63)), "table"},
		"zero lease":      {db, whopsql.WithLease(0), "lease"},
		"negative ttl":    {db, whopsql.WithTTL(-time.Hour), "ttl"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, err := whopsql.New(tc.db, tc.opt)
			var pe *whop.ParamError
			if d != nil || !errors.Is(err, whop.ErrInvalidParams) || !errors.As(err, &pe) || pe.Field != tc.field {
				t.Fatalf("New = %v, %v; want a *whop.ParamError for %q", d, err, tc.field)
			}
		})
	}
	for _, name := range []string{"webhooks", "Billing.webhook_deliveries", "_t" + strings.Repeat("x", 61)} {
		d, err := whopsql.New(db, whopsql.WithTable(name), nil)
		if err != nil || d.Table() != name {
			t.Fatalf("WithTable(%q): %v", name, err)
		}
	}
	d, err := whopsql.New(db)
	if err != nil || d.Table() != whopsql.DefaultTable {
		t.Fatalf("default table: %v, %v", d, err)
	}
}

func BenchmarkClaimComplete(b *testing.B) {
	deduptest.Benchmark(b, newTable(b, openDB(b, nil)))
}

// TestNilAndZeroDeduperRefuse: a Deduper not made by New (nil, or declared
// as a value) answers every call with an error, which the webhook handler
// turns into 503, instead of panicking. It runs without PostgreSQL.
func TestNilAndZeroDeduperRefuse(t *testing.T) {
	ctx := context.Background()
	for name, d := range map[string]*whopsql.Deduper{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := d.Claim(ctx, "evt_x"); err == nil {
				t.Error("Claim: no error")
			}
			for _, processed := range []bool{true, false} {
				if err := d.Complete(ctx, whop.WebhookLease{ID: "evt_x", Token: "t"}, processed); err == nil || errors.Is(err, whop.ErrWebhookLeaseLost) {
					t.Errorf("Complete(%v): %v, want an error other than a lost lease", processed, err)
				}
			}
			if _, err := d.Sweep(ctx); err == nil {
				t.Error("Sweep: no error")
			}
			if err := d.CreateTable(ctx); err == nil {
				t.Error("CreateTable: no error")
			}
		})
	}
}
