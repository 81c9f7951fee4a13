package whopredis_test

import (
	"context"
	"log"
	"net/http"
	"os"

	"github.com/redis/go-redis/v9"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whopredis"
)

// Several replicas of one service share the de-duplication of Whop's
// webhooks through one Redis.
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	dedup, err := whopredis.New(rdb, whopredis.WithPrefix("billing:whop:"))
	if err != nil {
		log.Fatal(err)
	}
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
