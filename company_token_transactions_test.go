package whop

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCompanyTokenTransactionFixturesRoundTrip(t *testing.T) {
	tx := assertRoundTrip[CompanyTokenTransaction](t, fixture(t, "company_token_transaction.json"))
	assert.Equal(t, CompanyTokenTransactionTypeTransfer, tx.TransactionType)
	assert.Equal(t, 6.9, tx.Amount)
	require.NotNil(t, tx.LinkedTransactionID)
	assert.Equal(t, "ctt_transfer_in_1", *tx.LinkedTransactionID)
	assert.Equal(t, time.Date(2023, 12, 1, 5, 0, 0, 401e6, time.UTC), tx.CreatedAt)
	assert.Equal(t, CompanyRef{ID: "biz_xxxxxxxxxxxxxx", Route: "pickaxe", Title: "Pickaxe"}, tx.Company)

	add := assertRoundTrip[CompanyTokenTransaction](t, fixture(t, "company_token_transaction_add.json"))
	assert.Nil(t, add.Description)
	assert.Nil(t, add.LinkedTransactionID)
	assert.Nil(t, add.IdempotencyKey)
	assert.Nil(t, add.User.Name)

	assertRoundTrip[Page[CompanyTokenTransaction]](t, fixture(t, "company_token_transactions_page.json"))
}

func TestCompanyTokenTransactionsList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/company_token_transactions", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Equal(t, "after=cur_0&company_id=biz_1&first=2&transaction_type=transfer&user_id=user_1", r.URL.RawQuery)
		writeJSON(w, 200, fixture(t, "company_token_transactions_page.json"))
	})
	page, err := c.CompanyTokenTransactions.List(context.Background(), &CompanyTokenTransactionListParams{
		ListParams:      ListParams{After: "cur_0", First: 2},
		CompanyID:       "biz_1",
		UserID:          "user_1",
		TransactionType: CompanyTokenTransactionTypeTransfer,
	})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "ctt_transfer_out_1", page.Data[0].ID)
	assert.Equal(t, "cur_2", page.PageInfo.EndCursor)
	assert.True(t, page.PageInfo.HasNextPage)
}

func TestCompanyTokenTransactionsListAll(t *testing.T) {
	c, ts := newTestClient(t)
	var queries []string
	ts.Mux.HandleFunc("/company_token_transactions", func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, 200, `{"data":[{"id":"ctt_1"},{"id":"ctt_2"}],"page_info":{"end_cursor":"cur_2","has_next_page":true}}`)
			return
		}
		writeJSON(w, 200, `{"data":[{"id":"ctt_3"}],"page_info":{"end_cursor":"cur_3","has_next_page":false}}`)
	})
	params := &CompanyTokenTransactionListParams{CompanyID: "biz_1", UserID: "user_1"}
	var ids []string
	for tx, err := range c.CompanyTokenTransactions.ListAll(context.Background(), params) {
		require.NoError(t, err)
		ids = append(ids, tx.ID)
	}
	assert.Equal(t, []string{"ctt_1", "ctt_2", "ctt_3"}, ids)
	assert.Equal(t, []string{"company_id=biz_1&user_id=user_1", "after=cur_2&company_id=biz_1&user_id=user_1"}, queries)
	assert.Empty(t, params.After, "params must not be modified")
}

func TestCompanyTokenTransactionsGet(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/company_token_transactions/ctt_transfer_out_1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		writeJSON(w, 200, fixture(t, "company_token_transaction.json"))
	})
	tx, err := c.CompanyTokenTransactions.Get(context.Background(), "ctt_transfer_out_1")
	require.NoError(t, err)
	assert.Equal(t, "johndoe42", tx.User.Username)
	assert.Equal(t, "mber_xxxxxxxxxxxxx", tx.Member.ID)
}

func TestCompanyTokenTransactionsGetEscapesID(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/company_token_transactions/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/company_token_transactions/a%2Fb", r.URL.EscapedPath())
		writeJSON(w, 200, `{"id":"a/b"}`)
	})
	_, err := c.CompanyTokenTransactions.Get(context.Background(), "a/b")
	require.NoError(t, err)
}

func TestCompanyTokenTransactionsCreateBodies(t *testing.T) {
	tests := []struct {
		name   string
		params CompanyTokenTransactionCreateParams
		want   string
	}{
		{
			name: "add",
			params: CompanyTokenTransactionCreateParams{
				TransactionType: CompanyTokenTransactionTypeAdd, Amount: 100, CompanyID: "biz_1", UserID: "user_1",
				Description: Ptr("Reward for completing onboarding"), IdempotencyKey: "reward_user_1_2024",
			},
			want: `{"transaction_type":"add","amount":100,"company_id":"biz_1","user_id":"user_1",
				"description":"Reward for completing onboarding","idempotency_key":"reward_user_1_2024"}`,
		},
		{
			name: "subtract",
			params: CompanyTokenTransactionCreateParams{
				TransactionType: CompanyTokenTransactionTypeSubtract, Amount: 0.5, CompanyID: "biz_1", UserID: "user_1",
				IdempotencyKey: "k-subtract",
			},
			want: `{"transaction_type":"subtract","amount":0.5,"company_id":"biz_1","user_id":"user_1","idempotency_key":"k-subtract"}`,
		},
		{
			name: "transfer",
			params: CompanyTokenTransactionCreateParams{
				TransactionType: CompanyTokenTransactionTypeTransfer, Amount: 6.9, CompanyID: "biz_1", UserID: "user_1",
				DestinationUserID: "user_2", IdempotencyKey: "k-transfer",
			},
			want: `{"transaction_type":"transfer","amount":6.9,"company_id":"biz_1","user_id":"user_1",
				"destination_user_id":"user_2","idempotency_key":"k-transfer"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/company_token_transactions", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				testJSONBody(t, r, tt.want)
				writeJSON(w, 200, fixture(t, "company_token_transaction.json"))
			})
			tx, err := c.CompanyTokenTransactions.Create(context.Background(), &tt.params)
			require.NoError(t, err)
			assert.Equal(t, "ctt_transfer_out_1", tx.ID)
			assert.EqualValues(t, 1, ts.Hits.Load())
		})
	}
}

// bodyRecorder is a handler for POST /company_token_transactions that keeps
// every request body and answers with the statuses given, then 200.
type bodyRecorder struct {
	t        *testing.T
	statuses []int
	mu       sync.Mutex
	bodies   []map[string]any
}

func (b *bodyRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(r.Body)
	require.NoError(b.t, err)
	var m map[string]any
	require.NoError(b.t, json.Unmarshal(raw, &m))
	b.mu.Lock()
	b.bodies = append(b.bodies, m)
	n := len(b.bodies)
	b.mu.Unlock()
	if n <= len(b.statuses) {
		writeJSON(w, b.statuses[n-1], `{"error":{"type":"internal_server_error","message":"try again"}}`)
		return
	}
	writeJSON(w, 200, `{"id":"ctt_1","transaction_type":"add","amount":1,"idempotency_key":`+mustJSON(b.t, m["idempotency_key"])+`}`)
}

func (b *bodyRecorder) keys() []any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var keys []any
	for _, m := range b.bodies {
		keys = append(keys, m["idempotency_key"])
	}
	return keys
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func addParams() *CompanyTokenTransactionCreateParams {
	return &CompanyTokenTransactionCreateParams{
		TransactionType: CompanyTokenTransactionTypeAdd, Amount: 10, CompanyID: "biz_1", UserID: "user_1",
	}
}

func TestCompanyTokenTransactionsCreateGeneratesIdempotencyKey(t *testing.T) {
	c, ts := newTestClient(t)
	rec := &bodyRecorder{t: t}
	ts.Mux.Handle("/company_token_transactions", rec)

	params := addParams()
	before := *params
	tx, err := c.CompanyTokenTransactions.Create(context.Background(), params)
	require.NoError(t, err)
	_, err = c.CompanyTokenTransactions.Create(context.Background(), params)
	require.NoError(t, err)

	keys := rec.keys()
	require.Len(t, keys, 2)
	first, ok := keys[0].(string)
	require.True(t, ok, "idempotency_key must be a string, got %v", keys[0])
	assert.Regexp(t, uuidV4, first)
	assert.Regexp(t, uuidV4, keys[1])
	assert.NotEqual(t, first, keys[1], "each call gets its own key")
	assert.Equal(t, before, *params, "params must not be modified")
	require.NotNil(t, tx.IdempotencyKey)
	assert.Equal(t, first, *tx.IdempotencyKey)
}

func TestCompanyTokenTransactionsCreateRetriesWithSameKey(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusInternalServerError} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			c, ts := newTestClient(t)
			rec := &bodyRecorder{t: t, statuses: []int{status}}
			ts.Mux.Handle("/company_token_transactions", rec)

			_, err := c.CompanyTokenTransactions.Create(context.Background(), addParams())
			require.NoError(t, err)
			keys := rec.keys()
			require.Len(t, keys, 2, "one failed attempt and one retry")
			assert.Regexp(t, uuidV4, keys[0])
			assert.Equal(t, keys[0], keys[1], "the retry must carry the same key")
			assert.EqualValues(t, 2, ts.Hits.Load())
			assert.Len(t, ts.recordedWaits(), 1)
		})
	}
}

func TestCompanyTokenTransactionsCreateKeepsCallerKey(t *testing.T) {
	c, ts := newTestClient(t)
	rec := &bodyRecorder{t: t, statuses: []int{http.StatusInternalServerError}}
	ts.Mux.Handle("/company_token_transactions", rec)

	params := addParams()
	params.IdempotencyKey = "reward_user_1_2024"
	_, err := c.CompanyTokenTransactions.Create(context.Background(), params)
	require.NoError(t, err)
	assert.Equal(t, []any{"reward_user_1_2024", "reward_user_1_2024"}, rec.keys())
	assert.Equal(t, "reward_user_1_2024", params.IdempotencyKey)
}

func TestCompanyTokenTransactionsCreateUsesIdempotencyKeyOption(t *testing.T) {
	c, ts := newTestClient(t)
	var header string
	rec := &bodyRecorder{t: t}
	ts.Mux.HandleFunc("/company_token_transactions", func(w http.ResponseWriter, r *http.Request) {
		header = r.Header.Get("Idempotency-Key")
		rec.ServeHTTP(w, r)
	})

	_, err := c.CompanyTokenTransactions.Create(context.Background(), addParams(), WithIdempotencyKey("opt-key"))
	require.NoError(t, err)
	assert.Equal(t, []any{"opt-key"}, rec.keys())
	assert.Equal(t, "opt-key", header)

	params := addParams()
	params.IdempotencyKey = "body-key"
	_, err = c.CompanyTokenTransactions.Create(context.Background(), params, WithIdempotencyKey("opt-key"))
	assertParamError(t, err, "idempotency_key")
	assert.EqualValues(t, 1, ts.Hits.Load(), "the conflicting call sends nothing")
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("entropy unavailable") }

func TestCompanyTokenTransactionsCreateRefusesWithoutRandomness(t *testing.T) {
	c, ts := newTestClient(t)
	c.keyRand = failingReader{}

	_, err := c.CompanyTokenTransactions.Create(context.Background(), addParams())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "entropy unavailable")
	assert.EqualValues(t, 0, ts.Hits.Load())
}

func TestNewTransactionIdempotencyKeyIsUUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		k, err := newIdempotencyKey(rand.Reader)
		require.NoError(t, err)
		require.Regexp(t, uuidV4, k)
		require.False(t, seen[k], "repeated key %s", k)
		seen[k] = true
	}
}

func assertParamError(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrInvalidParams), "errors.Is(err, ErrInvalidParams): %v", err)
	var pe *ParamError
	require.True(t, errors.As(err, &pe), "errors.As(err, *ParamError): %v", err)
	assert.Equal(t, field, pe.Field)
}

func TestCompanyTokenTransactionsCreateValidation(t *testing.T) {
	valid := func(mod func(p *CompanyTokenTransactionCreateParams)) *CompanyTokenTransactionCreateParams {
		p := &CompanyTokenTransactionCreateParams{
			TransactionType: CompanyTokenTransactionTypeTransfer, Amount: 5, CompanyID: "biz_1", UserID: "user_1",
			DestinationUserID: "user_2",
		}
		mod(p)
		return p
	}
	tests := []struct {
		name   string
		params *CompanyTokenTransactionCreateParams
		field  string
	}{
		{"nil params", nil, "transaction_type"},
		{"no type", valid(func(p *CompanyTokenTransactionCreateParams) { p.TransactionType = "" }), "transaction_type"},
		{"unknown type", valid(func(p *CompanyTokenTransactionCreateParams) { p.TransactionType = "refund" }), "transaction_type"},
		{"no company", valid(func(p *CompanyTokenTransactionCreateParams) { p.CompanyID = "" }), "company_id"},
		{"blank company", valid(func(p *CompanyTokenTransactionCreateParams) { p.CompanyID = "  " }), "company_id"},
		{"no user", valid(func(p *CompanyTokenTransactionCreateParams) { p.UserID = "" }), "user_id"},
		{"zero amount", valid(func(p *CompanyTokenTransactionCreateParams) { p.Amount = 0 }), "amount"},
		{"negative amount", valid(func(p *CompanyTokenTransactionCreateParams) { p.Amount = -1 }), "amount"},
		{"NaN amount", valid(func(p *CompanyTokenTransactionCreateParams) { p.Amount = math.NaN() }), "amount"},
		{"+Inf amount", valid(func(p *CompanyTokenTransactionCreateParams) { p.Amount = math.Inf(1) }), "amount"},
		{"-Inf amount", valid(func(p *CompanyTokenTransactionCreateParams) { p.Amount = math.Inf(-1) }), "amount"},
		{"transfer without destination", valid(func(p *CompanyTokenTransactionCreateParams) { p.DestinationUserID = "" }), "destination_user_id"},
		{"transfer with blank destination", valid(func(p *CompanyTokenTransactionCreateParams) { p.DestinationUserID = " " }), "destination_user_id"},
		{"add with destination", valid(func(p *CompanyTokenTransactionCreateParams) {
			p.TransactionType = CompanyTokenTransactionTypeAdd
		}), "destination_user_id"},
		{"subtract with destination", valid(func(p *CompanyTokenTransactionCreateParams) {
			p.TransactionType = CompanyTokenTransactionTypeSubtract
		}), "destination_user_id"},
		{"blank idempotency key", valid(func(p *CompanyTokenTransactionCreateParams) { p.IdempotencyKey = " \t" }), "idempotency_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			_, err := c.CompanyTokenTransactions.Create(context.Background(), tt.params)
			assertParamError(t, err, tt.field)
			assert.EqualValues(t, 0, ts.Hits.Load(), "nothing may be sent")
		})
	}
}

func TestCompanyTokenTransactionsListAndGetValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()

	_, err := c.CompanyTokenTransactions.List(ctx, nil)
	assertParamError(t, err, "company_id")
	_, err = c.CompanyTokenTransactions.List(ctx, &CompanyTokenTransactionListParams{UserID: "user_1"})
	assertParamError(t, err, "company_id")
	_, err = c.CompanyTokenTransactions.List(ctx, &CompanyTokenTransactionListParams{CompanyID: "biz_1", ListParams: ListParams{First: -1}})
	assertParamError(t, err, "first")
	for _, err := range c.CompanyTokenTransactions.ListAll(ctx, &CompanyTokenTransactionListParams{}) {
		assertParamError(t, err, "company_id")
	}
	_, err = c.CompanyTokenTransactions.Get(ctx, "")
	assertParamError(t, err, "id")
	_, err = c.CompanyTokenTransactions.Get(ctx, "..")
	assertParamError(t, err, "id")
	assert.EqualValues(t, 0, ts.Hits.Load())
}

// When retries run out the caller learns the key that was sent, so a
// repeat of the call cannot apply the transaction twice.
func TestCompanyTokenTransactionsCreateErrorCarriesKey(t *testing.T) {
	c, ts := newTestClient(t)
	var sent []string
	ts.Mux.HandleFunc("/company_token_transactions", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Key string `json:"idempotency_key"`
		}
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		sent = append(sent, body.Key)
		writeJSON(w, 503, `{"error":{"type":"server_error","message":"try later"}}`)
	})
	_, err := c.CompanyTokenTransactions.Create(context.Background(), addParams())
	require.ErrorIs(t, err, ErrServer, "the APIError stays reachable")
	var keyErr *IdempotencyKeyError
	require.ErrorAs(t, err, &keyErr)
	require.Len(t, sent, 3)
	assert.Equal(t, sent[0], keyErr.Key)
	assert.Contains(t, err.Error(), keyErr.Key)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, apiErr.Attempts)
}
