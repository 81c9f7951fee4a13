package whopsql_test

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver; any PostgreSQL driver works

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whopsql"
)

// Several replicas of one service share the de-duplication of Whop's
// webhooks through their PostgreSQL database.
func Example() {
	ctx := context.Background()
	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	dedup, err := whopsql.New(db, whopsql.WithTable("whop_webhook_deliveries"))
	if err != nil {
		log.Fatal(err)
	}
	if err := dedup.CreateTable(ctx); err != nil { // or whopsql.Schema in a migration
		log.Fatal(err)
	}
	// Expired rows only take space; delete them now and then.
	go func() {
		for range time.Tick(time.Hour) {
			if _, err := dedup.Sweep(ctx); err != nil {
				log.Print(err)
			}
		}
	}()

	v, err := whop.NewWebhookVerifier(os.Getenv("WHOP_WEBHOOK_SECRET"))
	if err != nil {
		log.Fatal(err)
	}
	h, err := whop.NewWebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
		log.Printf("%s %s", ev.Type, ev.ID) // runs once per webhook-id across all replicas
		return nil
	}, whop.WithWebhookDeduplication(dedup))
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/webhooks/whop", h)
}
