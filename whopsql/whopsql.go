// Package whopsql is a whop.WebhookDeduper over PostgreSQL through
// database/sql, for several server replicas that share one database. It
// works with whatever PostgreSQL driver the program already registers
// (github.com/jackc/pgx/v5/stdlib, github.com/lib/pq, ...) and adds no
// dependency of its own.
//
// Each webhook-id is one row of a table (DefaultTable unless WithTable says
// otherwise):
//
//	CREATE TABLE IF NOT EXISTS whop_webhook_deliveries (
//		id         text        PRIMARY KEY,
//		token      text        NOT NULL,
//		processed  boolean     NOT NULL,
//		expires_at timestamptz NOT NULL
//	);
//	CREATE INDEX IF NOT EXISTS whop_webhook_deliveries_expires_at_idx
//		ON whop_webhook_deliveries (expires_at);
//
// Schema holds these statements for the default table; Deduper.CreateTable
// runs them for the configured one. A row is either a claim (processed
// false, expires_at the end of its lease) or a processed ID (processed true,
// expires_at the end of its TTL). Claim is one statement, an INSERT ... ON
// CONFLICT DO UPDATE that takes the row over only when expires_at has
// passed, so concurrent claims from any number of replicas serialise on the
// row and exactly one wins. Times come from the database's clock (now()), so
// the replicas' clocks do not matter.
//
// Expired rows are harmless, since a claim takes them over, but they take
// space: call Deduper.Sweep now and then (a cron job, a ticker in one
// replica), which runs
//
//	DELETE FROM whop_webhook_deliveries WHERE expires_at < now()
//
// The statements are PostgreSQL's; SQLite and MySQL are not supported.
package whopsql

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/gowhop/whop"
)

// DefaultTable is the table a Deduper uses unless WithTable says otherwise.
const DefaultTable = "whop_webhook_deliveries"

// Schema creates DefaultTable and its index; it is what CreateTable runs
// for a Deduper on the default table. Run it in a migration instead of
// calling CreateTable if your schema is managed that way.
const Schema = `CREATE TABLE IF NOT EXISTS whop_webhook_deliveries (
	id         text        PRIMARY KEY,
	token      text        NOT NULL,
	processed  boolean     NOT NULL,
	expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS whop_webhook_deliveries_expires_at_idx
	ON whop_webhook_deliveries (expires_at);
`

// schemaFor is Schema for another table name; name is already validated.
func schemaFor(name string) []string {
	index := name[strings.LastIndexByte(name, '.')+1:] + "_expires_at_idx"
	return []string{
		`CREATE TABLE IF NOT EXISTS ` + name + ` (
	id         text        PRIMARY KEY,
	token      text        NOT NULL,
	processed  boolean     NOT NULL,
	expires_at timestamptz NOT NULL
);`,
		`CREATE INDEX IF NOT EXISTS ` + index + `
	ON ` + name + ` (expires_at);`,
	}
}

// Deduper is a whop.WebhookDeduper keeping claims and processed IDs in a
// PostgreSQL table. Create it with New; it is safe for concurrent use, and
// any number of Dedupers in any number of processes may share the table. A
// Deduper not made by New (nil, or a zero value) answers every call with an
// error, so a webhook handler wired to one answers 503.
type Deduper struct {
	db    *sql.DB
	table string
	lease time.Duration
	ttl   time.Duration

	claimSQL, doneSQL, releaseSQL, sweepSQL string
}

var _ whop.WebhookDeduper = (*Deduper)(nil)

// Option configures New.
type Option func(*Deduper) error

// WithTable sets the table, an unquoted PostgreSQL identifier optionally
// qualified by a schema ("webhooks" or "billing.webhooks"): letters,
// digits and underscores, not starting with a digit, at most 63 bytes per
// part.
func WithTable(name string) Option {
	return func(d *Deduper) error {
		if !validTable.MatchString(name) {
			return &whop.ParamError{Field: "table", Reason: fmt.Sprintf("%q is not an unquoted PostgreSQL identifier, optionally schema-qualified", name)}
		}
		d.table = name
		return nil
	}
}

var validTable = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$`)

// WithLease sets how long a claim lasts before another delivery of the ID
// may take it over (whop.DefaultWebhookLease by default). It must be at
// least a millisecond.
func WithLease(lease time.Duration) Option {
	return func(d *Deduper) error {
		if lease < time.Millisecond {
			return &whop.ParamError{Field: "lease", Reason: fmt.Sprintf("%v is shorter than a millisecond", lease)}
		}
		d.lease = lease
		return nil
	}
}

// WithTTL sets how long a processed ID is remembered
// (whop.DefaultWebhookDedupTTL by default). It must be at least a
// millisecond.
func WithTTL(ttl time.Duration) Option {
	return func(d *Deduper) error {
		if ttl < time.Millisecond {
			return &whop.ParamError{Field: "ttl", Reason: fmt.Sprintf("%v is shorter than a millisecond", ttl)}
		}
		d.ttl = ttl
		return nil
	}
}

// New returns a Deduper over db, which must reach PostgreSQL. It does not
// touch the database; call CreateTable (or run Schema) once before use.
// Invalid options give an error matching whop.ErrInvalidParams.
func New(db *sql.DB, opts ...Option) (*Deduper, error) {
	if db == nil {
		return nil, &whop.ParamError{Field: "db", Reason: "nil *sql.DB"}
	}
	d := &Deduper{db: db, table: DefaultTable, lease: whop.DefaultWebhookLease, ttl: whop.DefaultWebhookDedupTTL}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(d); err != nil {
			return nil, fmt.Errorf("whopsql: %w", err)
		}
	}
	t := d.table
	// $1 id, $2 token, $3 lease or TTL in milliseconds. A claim takes a
	// row over only once expires_at has passed. When it does not, the
	// second SELECT reports what holds the row; it reads the statement's
	// snapshot, so a row committed by a racing claim may be missing there,
	// which Claim reports as in progress.
	d.claimSQL = `WITH claimed AS (
	INSERT INTO ` + t + ` AS d (id, token, processed, expires_at)
	VALUES ($1, $2, false, now() + $3::bigint * interval '1 millisecond')
	ON CONFLICT (id) DO UPDATE
		SET token = EXCLUDED.token, processed = false, expires_at = EXCLUDED.expires_at
		WHERE d.expires_at <= now()
	RETURNING true AS claimed, false AS processed
)
SELECT claimed, processed FROM claimed
UNION ALL
SELECT false, processed FROM ` + t + ` WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM claimed)`
	// Marking processed succeeds when the row is still this claim, or when
	// no live claim or processed mark stands in the way (the lease ran out
	// and nobody took it, or the row is gone).
	d.doneSQL = `INSERT INTO ` + t + ` AS d (id, token, processed, expires_at)
VALUES ($1, $2, true, now() + $3::bigint * interval '1 millisecond')
ON CONFLICT (id) DO UPDATE
	SET processed = true, expires_at = EXCLUDED.expires_at
	WHERE (d.token = EXCLUDED.token AND NOT d.processed) OR d.expires_at <= now()`
	// Releasing deletes the row under the same condition; the count of rows
	// still there tells a lost lease from an absent row.
	d.releaseSQL = `WITH released AS (
	DELETE FROM ` + t + `
	WHERE id = $1 AND ((token = $2 AND NOT processed) OR expires_at <= now())
	RETURNING 1
)
SELECT (SELECT count(*) FROM released), (SELECT count(*) FROM ` + t + ` WHERE id = $1)`
	d.sweepSQL = `DELETE FROM ` + t + ` WHERE expires_at < now()`
	return d, nil
}

// errNotNew is returned by the methods of a Deduper that New did not make
// (a nil pointer or a zero value), which has no database to ask.
var errNotNew = errors.New("whopsql: Deduper was not created by New")

// usable reports whether d came from New.
func (d *Deduper) usable() bool { return d != nil && d.db != nil && d.claimSQL != "" }

// Table returns the table name the Deduper uses.
func (d *Deduper) Table() string { return d.table }

// CreateTable creates the Deduper's table and its index if they do not
// exist yet: Schema for the configured table name.
func (d *Deduper) CreateTable(ctx context.Context) error {
	if !d.usable() {
		return errNotNew
	}
	for _, stmt := range schemaFor(d.table) {
		if _, err := d.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("whopsql: creating table %s: %w", d.table, err)
		}
	}
	return nil
}

// Sweep deletes the rows whose lease or TTL has passed and reports how
// many. Rows not yet expired are never touched, so it is safe to run at any
// time from any replica.
func (d *Deduper) Sweep(ctx context.Context) (int64, error) {
	if !d.usable() {
		return 0, errNotNew
	}
	res, err := d.db.ExecContext(ctx, d.sweepSQL)
	if err != nil {
		return 0, fmt.Errorf("whopsql: sweeping %s: %w", d.table, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("whopsql: sweeping %s: %w", d.table, err)
	}
	return n, nil
}

// Claim implements whop.WebhookDeduper with one INSERT ... ON CONFLICT
// statement.
func (d *Deduper) Claim(ctx context.Context, id string) (whop.WebhookClaim, whop.WebhookLease, error) {
	if !d.usable() {
		return 0, whop.WebhookLease{}, errNotNew
	}
	token, err := newToken()
	if err != nil {
		return 0, whop.WebhookLease{}, err
	}
	var claimed, processed bool
	err = d.db.QueryRowContext(ctx, d.claimSQL, id, token, d.lease.Milliseconds()).Scan(&claimed, &processed)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return whop.WebhookInProgress, whop.WebhookLease{}, nil
	case err != nil:
		return 0, whop.WebhookLease{}, fmt.Errorf("whopsql: claiming webhook %q: %w", id, err)
	case claimed:
		return whop.WebhookClaimed, whop.WebhookLease{ID: id, Token: token}, nil
	case processed:
		return whop.WebhookAlreadyProcessed, whop.WebhookLease{}, nil
	default:
		return whop.WebhookInProgress, whop.WebhookLease{}, nil
	}
}

// Complete implements whop.WebhookDeduper.
func (d *Deduper) Complete(ctx context.Context, lease whop.WebhookLease, processed bool) error {
	if !d.usable() {
		return errNotNew
	}
	if lease.Token == "" {
		return fmt.Errorf("whopsql: completing webhook %q: %w", lease.ID, whop.ErrWebhookLeaseLost)
	}
	if processed {
		res, err := d.db.ExecContext(ctx, d.doneSQL, lease.ID, lease.Token, d.ttl.Milliseconds())
		if err != nil {
			return fmt.Errorf("whopsql: completing webhook %q: %w", lease.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("whopsql: completing webhook %q: %w", lease.ID, err)
		}
		if n == 0 {
			return fmt.Errorf("whopsql: completing webhook %q: %w", lease.ID, whop.ErrWebhookLeaseLost)
		}
		return nil
	}
	var released, remaining int64
	if err := d.db.QueryRowContext(ctx, d.releaseSQL, lease.ID, lease.Token).Scan(&released, &remaining); err != nil {
		return fmt.Errorf("whopsql: releasing webhook %q: %w", lease.ID, err)
	}
	if released == 0 && remaining > 0 {
		return fmt.Errorf("whopsql: releasing webhook %q: %w", lease.ID, whop.ErrWebhookLeaseLost)
	}
	return nil
}

// newToken returns 128 random bits in hex, unique to one claim.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("whopsql: claim token: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
