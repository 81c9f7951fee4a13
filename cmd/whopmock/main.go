// Command whopmock serves the whoptest fake of the Whop API as a standalone
// server, for tools in other languages and for poking at it with curl:
//
//	go run ./cmd/whopmock -addr 127.0.0.1:12111
//
// It prints the base URL and API key to use and seeds a small demo company.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gowhop/whop/whoptest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:12111", "address to listen on")
	key := flag.String("key", "", "API key to accept (random when empty)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *key, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "whopmock:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends. It reports the URL and key on out once the
// listener is ready.
func run(ctx context.Context, addr, key string, out io.Writer) error {
	var opts []whoptest.Option
	if key != "" {
		opts = append(opts, whoptest.WithAPIKey(key))
	}
	srv := whoptest.New(opts...)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv.SetURL("http://" + ln.Addr().String() + whoptest.BasePath)
	demo := srv.SeedDemo()

	fmt.Fprintf(out, "whopmock listening\n  WHOP_BASE_URL=%s\n  WHOP_API_KEY=%s\n  company: %s\n", srv.URL(), srv.APIKey(), demo.CompanyID)
	for _, line := range demo.Describe() {
		fmt.Fprintln(out, " ", line)
	}

	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	srv.Close() // cut webhook deliveries short and release held requests first
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
