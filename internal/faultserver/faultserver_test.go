package faultserver

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, c *http.Client, url string) (*http.Response, []byte, error) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// rawConn is one TCP connection to the server, speaking HTTP/1.1 by hand so
// that the test alone decides which requests share it: net/http's client
// may drop a keep-alive connection on a loaded machine (when its writer
// goroutine is slow to report a request written), which would change the
// connection counts under test.
type rawConn struct {
	c  net.Conn
	br *bufio.Reader
}

func dialRaw(t *testing.T, s *Server) *rawConn {
	t.Helper()
	c, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	return &rawConn{c: c, br: bufio.NewReader(c)}
}

// get sends a GET for rawURL on the connection and reads the whole answer.
func (rc *rawConn) get(rawURL string) (*http.Response, []byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, nil, err
	}
	if _, err := fmt.Fprintf(rc.c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", u.RequestURI(), u.Host); err != nil {
		return nil, nil, err
	}
	resp, err := http.ReadResponse(rc.br, nil)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestScriptRecordsAndCounts(t *testing.T) {
	s := New("/api/v1")
	defer s.Close()
	s.Script(JSON(200, `{"n":0}`), HTML(503), Huge(200, "application/json", `"`, 'x', `"`, 100_000))
	c := dialRaw(t, s)
	defer c.c.Close()

	resp, b, err := c.get(s.URL + "/products/a%2Fb?x=1")
	if err != nil || resp.StatusCode != 200 || string(b) != `{"n":0}` {
		t.Fatalf("first: %v %v %q", resp, err, b)
	}
	resp, b, err = c.get(s.URL + "/p")
	if err != nil || resp.StatusCode != 503 || !strings.Contains(string(b), "<html>") {
		t.Fatalf("second: %v %v %q", resp, err, b)
	}
	for i := 0; i < 2; i++ { // the last action repeats
		resp, b, err = c.get(s.URL + "/p")
		if err != nil || resp.StatusCode != 200 || len(b) != 100_000 {
			t.Fatalf("huge: %v %v %d bytes", resp, err, len(b))
		}
	}
	reqs := s.Requests()
	if s.Hits() != 4 || len(reqs) != 4 {
		t.Fatalf("hits %d, requests %d", s.Hits(), len(reqs))
	}
	if reqs[0].Path != "/api/v1/products/a%2Fb" || reqs[0].RawQuery != "x=1" {
		t.Fatalf("recorded %+v", reqs[0])
	}
	if s.NewConns() != 1 {
		t.Fatalf("%d connections for sequential requests", s.NewConns())
	}
}

func TestBrokenAnswers(t *testing.T) {
	s := New("")
	defer s.Close()
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	for name, act := range map[string]Action{"reset": Reset(), "hang up": HangUp()} {
		s.Script(act)
		if _, _, err := get(t, c, s.URL+"/x"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	s.Script(CloseMidBody(200, `{"id":"prod_1"}`))
	if _, _, err := get(t, c, s.URL+"/x"); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("close mid body: %v", err)
	}
}

func TestCloseReleasesStalls(t *testing.T) {
	s := New("")
	s.Script(Stall())
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	done := make(chan error, 1)
	go func() {
		_, err := (&http.Client{Transport: tr}).Get(s.URL + "/x")
		done <- err
	}()
	ctx, cancel := context.WithTimeout(context.Background(), failAfter)
	defer cancel()
	if err := s.WaitStalls(ctx, 1); err != nil {
		t.Fatalf("the request never began to stall: %v", err)
	}
	if s.Hits() != 1 || s.Stalls() != 1 {
		t.Fatalf("hits %d, stalls %d", s.Hits(), s.Stalls())
	}
	s.Close()
	if err := <-done; err == nil {
		t.Fatal("a stalled request got an answer")
	}
}

// failAfter only bounds a wait for an event so that a broken server fails
// the test instead of hanging it; nothing passes because it elapsed.
const failAfter = 30 * time.Second

func TestWaitHitsAndClosedConns(t *testing.T) {
	s := New("")
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), failAfter)
	defer cancel()

	// A waiter started before the requests wakes once the n-th arrives.
	waited := make(chan error, 1)
	go func() { waited <- s.WaitHits(ctx, 2) }()
	c := dialRaw(t, s)
	defer c.c.Close()
	for i := 0; i < 2; i++ {
		if _, _, err := c.get(s.URL + "/x"); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-waited; err != nil {
		t.Fatalf("WaitHits: %v", err)
	}
	if s.NewConns() != 1 || s.ClosedConns() != 0 {
		t.Fatalf("keep-alive: %d new, %d closed", s.NewConns(), s.ClosedConns())
	}

	// A wait that cannot be met ends with its context.
	short, stop := context.WithCancel(ctx)
	stop()
	if err := s.WaitHits(short, 3); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitHits on a cancelled context: %v", err)
	}

	// Reset zeroes the hits (and so re-arms WaitHits) but keeps the
	// connection counts.
	s.Reset()
	if s.Hits() != 0 {
		t.Fatalf("hits after Reset: %d", s.Hits())
	}

	// The client dropping its connection is counted once the server
	// notices.
	_ = c.c.Close()
	if err := s.WaitClosedConns(ctx, 1); err != nil {
		t.Fatalf("closed connection never counted: %v", err)
	}
	if s.ClosedConns() != 1 || s.NewConns() != 1 {
		t.Fatalf("%d new, %d closed", s.NewConns(), s.ClosedConns())
	}
}
