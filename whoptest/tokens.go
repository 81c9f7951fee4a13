package whoptest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gowhop/whop"
)

// MaxAccessTokenLifetime is the longest lifetime an access token may ask
// for; DefaultAccessTokenLifetime is what it gets without expires_at.
const (
	MaxAccessTokenLifetime     = 3 * time.Hour
	DefaultAccessTokenLifetime = time.Hour
)

type tokenTxRec struct {
	tx  whop.CompanyTokenTransaction
	seq int64
}

type idemKey struct{ companyID, key string }

func (s *Server) tokenRoutes() {
	s.handle("GET "+BasePath+"/company_token_transactions", s.listTokenTransactions)
	s.handle("POST "+BasePath+"/company_token_transactions", s.createTokenTransaction)
	s.handle("GET "+BasePath+"/company_token_transactions/{id}", s.getTokenTransaction)
	s.handle("POST "+BasePath+"/access_tokens", s.createAccessToken)
}

// TokenBalance is a user's token balance in a company.
func (s *Server) TokenBalance(companyID, userID string) float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.balances[memberKey{companyID, userID}]
}

// SeedTokenBalance sets a member's token balance in a company to balance,
// as if earlier transactions had left it there: no transaction is
// recorded and no webhook sent. userID is the member's user (Member.UserID).
// It returns an error when the company or the member is unknown, or
// balance is negative, NaN or infinite.
func (s *Server) SeedTokenBalance(companyID, userID string, balance float64) error {
	if math.IsNaN(balance) || math.IsInf(balance, 0) || balance < 0 {
		return fmt.Errorf("whoptest: SeedTokenBalance: balance must be a finite number of at least zero, got %v", balance)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", companyID)
	if err != nil {
		return fmt.Errorf("whoptest: SeedTokenBalance: %w", err)
	}
	m, err := s.memberOfUserLocked("user_id", co.ID, userID)
	if err != nil {
		return fmt.Errorf("whoptest: SeedTokenBalance: %w", err)
	}
	s.state.balances[memberKey{co.ID, m.UserID}] = balance
	return nil
}

func (s *Server) createTokenTransaction(r *http.Request) (any, error) {
	var in whop.CompanyTokenTransactionCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if in.TransactionType == "" {
		return nil, missingParam("transaction_type")
	}
	if math.IsNaN(in.Amount) || math.IsInf(in.Amount, 0) || in.Amount <= 0 {
		return nil, badParam("amount", "amount must be greater than zero")
	}
	if in.IdempotencyKey != "" {
		if blank(in.IdempotencyKey) {
			return nil, badParam("idempotency_key", "idempotency_key must not be blank")
		}
		if h := r.Header.Get("Idempotency-Key"); h != "" && h != in.IdempotencyKey {
			return nil, badParam("idempotency_key", "idempotency_key differs from the Idempotency-Key header")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", in.CompanyID)
	if err != nil {
		return nil, err
	}
	if in.IdempotencyKey != "" {
		if id, ok := s.state.txByKey[idemKey{co.ID, in.IdempotencyKey}]; ok {
			return s.state.tokenTxs[id].tx, nil
		}
	}
	from, err := s.memberOfUserLocked("user_id", co.ID, in.UserID)
	if err != nil {
		return nil, err
	}
	var to *Member
	switch in.TransactionType {
	case whop.CompanyTokenTransactionTypeAdd, whop.CompanyTokenTransactionTypeSubtract:
		if in.DestinationUserID != "" {
			return nil, badParam("destination_user_id", "destination_user_id is only allowed for transfers")
		}
	case whop.CompanyTokenTransactionTypeTransfer:
		if to, err = s.memberOfUserLocked("destination_user_id", co.ID, in.DestinationUserID); err != nil {
			return nil, err
		}
		if to.UserID == from.UserID {
			return nil, badParam("destination_user_id", "cannot transfer to the same user")
		}
	default:
		return nil, badParam("transaction_type", "transaction_type must be add, subtract or transfer")
	}
	bal := s.state.balances
	fromKey := memberKey{co.ID, from.UserID}
	if in.TransactionType != whop.CompanyTokenTransactionTypeAdd && bal[fromKey] < in.Amount {
		return nil, unprocessable("insufficient_balance", "the user's token balance is too low for this transaction")
	}

	newTx := func(m *Member, key *string) *tokenTxRec {
		s.seq++
		rec := &tokenTxRec{seq: s.seq, tx: whop.CompanyTokenTransaction{
			ID: s.newID("ctt"), TransactionType: in.TransactionType, Amount: in.Amount,
			Description: in.Description, CreatedAt: s.now().UTC(), IdempotencyKey: key,
			User: m.tokenUser(), Member: whop.MemberRef{ID: m.ID}, Company: co.ref(),
		}}
		s.state.tokenTxs[rec.tx.ID] = rec
		return rec
	}
	var key *string
	if in.IdempotencyKey != "" {
		key = &in.IdempotencyKey
	}
	first := newTx(from, key)
	switch in.TransactionType {
	case whop.CompanyTokenTransactionTypeAdd:
		bal[fromKey] += in.Amount
	case whop.CompanyTokenTransactionTypeSubtract:
		bal[fromKey] -= in.Amount
	case whop.CompanyTokenTransactionTypeTransfer:
		second := newTx(to, nil)
		first.tx.LinkedTransactionID, second.tx.LinkedTransactionID = &second.tx.ID, &first.tx.ID
		bal[fromKey] -= in.Amount
		bal[memberKey{co.ID, to.UserID}] += in.Amount
	}
	if key != nil {
		s.state.txByKey[idemKey{co.ID, *key}] = first.tx.ID
	}
	return first.tx, nil
}

func (s *Server) listTokenTransactions(r *http.Request) (any, error) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", q.Get("company_id"))
	if err != nil {
		return nil, err
	}
	userID, typ := q.Get("user_id"), whop.CompanyTokenTransactionType(q.Get("transaction_type"))
	var items []*tokenTxRec
	for _, rec := range s.state.tokenTxs {
		if rec.tx.Company.ID != co.ID || (userID != "" && rec.tx.User.ID != userID) || (typ != "" && rec.tx.TransactionType != typ) {
			continue
		}
		items = append(items, rec)
	}
	return listPage(items, q, func(rec *tokenTxRec) (whop.CompanyTokenTransaction, error) { return rec.tx, nil })
}

func (s *Server) getTokenTransaction(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.state.tokenTxs[r.PathValue("id")]
	if !ok {
		return nil, notFound("company token transaction", r.PathValue("id"))
	}
	return rec.tx, nil
}

// createAccessToken mints a JWT-shaped token signed with the server's API
// key. It is not a token Whop would accept; it has the right shape for
// code that passes tokens along.
func (s *Server) createAccessToken(r *http.Request) (any, error) {
	var in whop.AccessTokenCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if in.CompanyID == "" && in.UserID == "" {
		return nil, missingParam("company_id")
	}
	if in.UserID != "" && blank(in.UserID) {
		return nil, badParam("user_id", "user_id must not be blank")
	}
	for i, a := range in.ScopedActions {
		if err := required("scoped_actions["+strconv.Itoa(i)+"]", a); err != nil {
			return nil, err
		}
	}
	now := s.now().UTC()
	exp := now.Add(DefaultAccessTokenLifetime)
	if in.ExpiresAt != nil {
		exp = in.ExpiresAt.UTC()
		if !exp.After(now) {
			return nil, badParam("expires_at", "expires_at must be in the future")
		}
		if exp.Sub(now) > MaxAccessTokenLifetime {
			return nil, badParam("expires_at", "expires_at must be at most 3 hours from now")
		}
	}
	s.mu.Lock()
	if in.CompanyID != "" {
		if _, err := s.companyLocked("company_id", in.CompanyID); err != nil {
			s.mu.Unlock()
			return nil, err
		}
	}
	jti := s.newID("tok")
	s.mu.Unlock()
	claims := map[string]any{"iss": "whoptest", "jti": jti, "iat": now.Unix(), "exp": exp.Unix()}
	if in.CompanyID != "" {
		claims["company_id"] = in.CompanyID
	}
	if in.UserID != "" {
		claims["sub"] = in.UserID
	}
	if len(in.ScopedActions) > 0 {
		claims["scoped_actions"] = in.ScopedActions
	}
	return whop.AccessToken{Token: s.signJWT(claims), ExpiresAt: exp}, nil
}

func (s *Server) signJWT(claims map[string]any) string {
	enc := base64.RawURLEncoding
	payload, _ := json.Marshal(claims)
	unsigned := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, []byte(s.apiKey))
	mac.Write([]byte(unsigned))
	return unsigned + "." + enc.EncodeToString(mac.Sum(nil))
}

func (r *tokenTxRec) created() time.Time { return r.tx.CreatedAt }
func (r *tokenTxRec) order() int64       { return r.seq }
