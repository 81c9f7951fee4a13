package main

import (
	"bytes"
	"context"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// failAfter bounds every wait for an event, so that a broken server fails
// the test instead of hanging it; nothing passes because it elapsed.
const failAfter = 30 * time.Second

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
	// changed is closed (and cleared) on every write.
	changed chan struct{}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
	return s.b.Write(p)
}

// waitMatch blocks until the output matches re and returns its first
// submatch. The test fails if run returns first (its error arrives on
// done) or nothing matches within failAfter.
func (s *syncBuffer) waitMatch(t *testing.T, re *regexp.Regexp, done <-chan error) string {
	t.Helper()
	timer := time.NewTimer(failAfter)
	defer timer.Stop()
	for {
		s.mu.Lock()
		m := re.FindStringSubmatch(s.b.String())
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		changed := s.changed
		s.mu.Unlock()
		if m != nil {
			return m[1]
		}
		select {
		case <-changed:
		case err := <-done:
			t.Fatalf("run returned before printing %v: %v", re, err)
		case <-timer.C:
			t.Fatalf("no %v in the output after %v: %q", re, failAfter, s.String())
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestWhopmockServesSeededCompany(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", "k_test", &out) }()

	base := out.waitMatch(t, regexp.MustCompile(`WHOP_BASE_URL=(\S+)`), done)
	assert.Contains(t, out.String(), "WHOP_API_KEY=k_test")

	c, err := whop.NewClient(whop.WithoutEnvironment(), whop.WithAPIKey("k_test"), whop.WithBaseURL(base))
	require.NoError(t, err)
	page, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: "biz_test00000000001"})
	require.NoError(t, err)
	assert.NotEmpty(t, page.Data)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(failAfter):
		t.Fatal("run did not return after cancel")
	}
}
