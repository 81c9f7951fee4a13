package whop

import (
	"context"
	"fmt"
	"iter"
	"math"
	"net/http"
	"strings"
	"time"
)

// CompanyTokenTransactionsService reads and records changes to the token
// balances members hold within a company: credits, debits and transfers
// from one member to another.
type CompanyTokenTransactionsService service

// CompanyTokenTransactionType says how a token transaction moves tokens.
type CompanyTokenTransactionType string

// Values of CompanyTokenTransactionType.
const (
	// CompanyTokenTransactionTypeAdd credits tokens to a member.
	CompanyTokenTransactionTypeAdd CompanyTokenTransactionType = "add"
	// CompanyTokenTransactionTypeSubtract debits tokens from a member.
	CompanyTokenTransactionTypeSubtract CompanyTokenTransactionType = "subtract"
	// CompanyTokenTransactionTypeTransfer moves tokens from one member to
	// another.
	CompanyTokenTransactionTypeTransfer CompanyTokenTransactionType = "transfer"
)

// CompanyTokenTransaction is one recorded change to a member's token
// balance. List calls return the same shape as Get.
type CompanyTokenTransaction struct {
	ID              string                      `json:"id"`
	TransactionType CompanyTokenTransactionType `json:"transaction_type"`
	// Amount is the number of tokens moved. It is positive whatever the
	// type; TransactionType gives the direction.
	Amount      float64   `json:"amount"`
	Description *string   `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	// LinkedTransactionID is the other half of a transfer (the sender's
	// record points at the receiver's and back); nil for add and subtract.
	LinkedTransactionID *string `json:"linked_transaction_id"`
	// IdempotencyKey is the key the transaction was created with, nil if
	// it was created without one.
	IdempotencyKey *string    `json:"idempotency_key"`
	User           UserRef    `json:"user"`
	Member         MemberRef  `json:"member"`
	Company        CompanyRef `json:"company"`
}

func (c *CompanyTokenTransaction) identity() (field, value string) { return "id", c.ID }

// CompanyTokenTransactionListParams filters GET /company_token_transactions.
// CompanyID is required.
type CompanyTokenTransactionListParams struct {
	ListParams
	CompanyID string `url:"company_id"`
	// UserID keeps only the transactions that involve this user.
	UserID string `url:"user_id,omitempty"`
	// TransactionType keeps only transactions of this type.
	TransactionType CompanyTokenTransactionType `url:"transaction_type,omitempty"`
}

func (p *CompanyTokenTransactionListParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	return p.ListParams.validate()
}

// CompanyTokenTransactionCreateParams is the body of
// POST /company_token_transactions. The API accepts three shapes, chosen by
// TransactionType:
//
//   - add and subtract: Amount, CompanyID and UserID;
//   - transfer: the same plus DestinationUserID, the user who receives the
//     tokens UserID gives up.
//
// Create refuses any other combination before sending: an unknown type, a
// transfer without a destination, or an add or subtract with one.
//
// IdempotencyKey makes the request safe to repeat: the API applies a
// transaction at most once per key. Leave it empty and Create generates a
// random one for the call; set it to a value derived from your own record
// (an order or reward ID) when the call itself may be repeated, for example
// by a job that is retried after a crash.
type CompanyTokenTransactionCreateParams struct {
	TransactionType CompanyTokenTransactionType `json:"transaction_type"`
	// Amount is the number of tokens to move, greater than zero; fractions
	// are allowed.
	Amount    float64 `json:"amount"`
	CompanyID string  `json:"company_id"`
	// UserID is the user whose balance changes; for a transfer, the sender.
	UserID string `json:"user_id"`
	// DestinationUserID receives the tokens of a transfer. It must be empty
	// for add and subtract.
	DestinationUserID string  `json:"destination_user_id,omitempty"`
	Description       *string `json:"description,omitempty"`
	IdempotencyKey    string  `json:"idempotency_key,omitempty"`
}

func (p *CompanyTokenTransactionCreateParams) validate() error {
	if p == nil {
		return paramErr("transaction_type", "is required")
	}
	switch p.TransactionType {
	case CompanyTokenTransactionTypeAdd, CompanyTokenTransactionTypeSubtract, CompanyTokenTransactionTypeTransfer:
	case "":
		return paramErr("transaction_type", "is required")
	default:
		return paramErr("transaction_type", fmt.Sprintf("%q is not one of add, subtract, transfer", string(p.TransactionType)))
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	if err := requireString("user_id", p.UserID); err != nil {
		return err
	}
	if math.IsNaN(p.Amount) || math.IsInf(p.Amount, 0) || p.Amount <= 0 {
		return paramErr("amount", fmt.Sprintf("must be a finite number greater than 0, got %v", p.Amount))
	}
	if p.TransactionType == CompanyTokenTransactionTypeTransfer {
		if strings.TrimSpace(p.DestinationUserID) == "" {
			return paramErr("destination_user_id", "is required when transaction_type is transfer")
		}
	} else if p.DestinationUserID != "" {
		return paramErr("destination_user_id", "is only allowed when transaction_type is transfer, not "+string(p.TransactionType))
	}
	if p.IdempotencyKey != "" && strings.TrimSpace(p.IdempotencyKey) == "" {
		return paramErr("idempotency_key", "must not be blank; leave it empty to have one generated")
	}
	return nil
}

// List returns one page of a company's token transactions.
//
// GET /company_token_transactions
func (s *CompanyTokenTransactionsService) List(ctx context.Context, params *CompanyTokenTransactionListParams, opts ...RequestOption) (*Page[CompanyTokenTransaction], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[CompanyTokenTransaction]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/company_token_transactions", query: params}, opts)
}

// ListAll iterates over every token transaction matching params, fetching
// pages as the loop advances. params is not modified.
//
// GET /company_token_transactions
func (s *CompanyTokenTransactionsService) ListAll(ctx context.Context, params *CompanyTokenTransactionListParams, opts ...RequestOption) iter.Seq2[CompanyTokenTransaction, error] {
	return iterate(ctx, params, func(ctx context.Context, p *CompanyTokenTransactionListParams) (*Page[CompanyTokenTransaction], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a token transaction.
//
// GET /company_token_transactions/{id}
func (s *CompanyTokenTransactionsService) Get(ctx context.Context, id string, opts ...RequestOption) (*CompanyTokenTransaction, error) {
	return call[CompanyTokenTransaction](ctx, s.client, apiRequest{method: http.MethodGet, path: "/company_token_transactions/{id}", id: id}, opts)
}

// Create adds tokens to, subtracts tokens from, or transfers tokens between
// members, as params.TransactionType says. params is validated first (see
// CompanyTokenTransactionCreateParams); nothing is sent if it is refused.
//
// Every request carries an idempotency key, so that a retry after a timeout
// or a 5xx cannot move tokens twice: params.IdempotencyKey when set,
// otherwise the key of a WithIdempotencyKey option, otherwise a random
// UUIDv4 generated for this call. The key travels in the body's
// idempotency_key and, like every POST's, in the Idempotency-Key header;
// it is the same on every retry of the call. A generated key only protects the
// retries Create makes itself: calling Create again is a new transaction.
// When an error leaves the outcome unknown (a timeout, a 5xx after the last
// retry), the tokens may have moved; only a second Create with the same key
// is then safe. Such errors are an *IdempotencyKeyError carrying the key
// that was sent, generated or yours: repeat the call with IdempotencyKey
// set to it, or set your own key (an order ID) from the start.
// params is not modified; the API reports the key it saw in the result's
// IdempotencyKey.
//
// POST /company_token_transactions
func (s *CompanyTokenTransactionsService) Create(ctx context.Context, params *CompanyTokenTransactionCreateParams, opts ...RequestOption) (*CompanyTokenTransaction, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	body := *params // the pipeline fills in the key; the caller's params stay as they were
	return call[CompanyTokenTransaction](ctx, s.client, apiRequest{method: http.MethodPost,
		path: "/company_token_transactions", body: &body, idempotencyKey: &body.IdempotencyKey}, opts)
}
