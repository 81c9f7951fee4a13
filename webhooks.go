package whop

import (
	"bytes"
	"container/list"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Webhook header names as Whop sends them. Lookups are case-insensitive, as
// in any http.Header.
const (
	// WebhookHeaderID carries the delivery's unique message ID. Redeliveries
	// of the same event reuse it, so it is the key for de-duplication.
	WebhookHeaderID = "webhook-id"
	// WebhookHeaderTimestamp carries the send time in decimal Unix seconds.
	WebhookHeaderTimestamp = "webhook-timestamp"
	// WebhookHeaderSignature carries one or more space-separated
	// "v1,<base64 HMAC-SHA256>" signatures.
	WebhookHeaderSignature = "webhook-signature"
)

// Canonical (http.CanonicalHeaderKey) forms, used to index http.Header
// directly without the per-call canonicalisation of Header.Get.
const (
	webhookCanonicalID        = "Webhook-Id"
	webhookCanonicalTimestamp = "Webhook-Timestamp"
	webhookCanonicalSignature = "Webhook-Signature"
)

const (
	// DefaultWebhookTolerance is how far a webhook-timestamp may lie in the
	// past or in the future before Verify refuses the delivery.
	DefaultWebhookTolerance = 5 * time.Minute
	// DefaultWebhookMaxBodyBytes is the largest request body WebhookHandler
	// reads unless WithWebhookMaxBodyBytes says otherwise.
	DefaultWebhookMaxBodyBytes int64 = 1 << 20
)

const (
	// webhookStandardSecretPrefix marks a secret in the Standard Webhooks
	// form: the rest of the string is the base64-encoded key.
	webhookStandardSecretPrefix = "whsec_"
	// webhookWhopSecretPrefix starts the secrets Whop's dashboard shows;
	// unlike the Standard Webhooks prefix it is part of the key.
	webhookWhopSecretPrefix = "ws_"
	// webhookSignatureScheme prefixes every signature entry we produce or accept.
	webhookSignatureScheme = "v1,"
	// webhookSignatureB64Len is the length of a padded base64 HMAC-SHA256.
	webhookSignatureB64Len = (sha256.Size + 2) / 3 * 4
	// webhookMaxUnixSeconds bounds accepted timestamps (year ~36800) so the
	// tolerance arithmetic below can never overflow.
	webhookMaxUnixSeconds = 1 << 40
	// webhookMaxPooledPrefix caps the scratch buffer kept in the pool, so
	// one delivery with an enormous webhook-id does not pin memory.
	webhookMaxPooledPrefix = 512
)

// Errors returned by NewWebhookVerifier, Verify, Unwrap and
// WebhookEvent.Payment. They are wrapped with detail; match them with
// errors.Is. No message ever contains the secret or an expected signature.
var (
	// ErrWebhookInvalidSecret means the secret given to NewWebhookVerifier is
	// empty, or has the "whsec_" prefix but is not valid base64 after it. A
	// WebhookVerifier not created by NewWebhookVerifier refuses every
	// delivery with it too.
	ErrWebhookInvalidSecret = errors.New("whop: invalid webhook secret")
	// ErrWebhookMissingHeader means webhook-id, webhook-timestamp or
	// webhook-signature is absent or empty.
	ErrWebhookMissingHeader = errors.New("whop: missing webhook header")
	// ErrWebhookInvalidTimestamp means webhook-timestamp is not a
	// non-negative decimal number of Unix seconds.
	ErrWebhookInvalidTimestamp = errors.New("whop: invalid webhook-timestamp")
	// ErrWebhookTimestampOutsideTolerance means webhook-timestamp is further
	// in the past or future than the verifier's tolerance, which is what a
	// replayed or badly delayed delivery looks like.
	ErrWebhookTimestampOutsideTolerance = errors.New("whop: webhook-timestamp outside tolerance")
	// ErrWebhookNoMatchingSignature means no "v1" entry of webhook-signature
	// matched the body and headers under this verifier's secret.
	ErrWebhookNoMatchingSignature = errors.New("whop: no matching webhook signature")
	// ErrWebhookInvalidPayload means the signature was valid but the body is
	// not a webhook envelope Unwrap can decode, or an event's data does not
	// decode into the requested type.
	ErrWebhookInvalidPayload = errors.New("whop: invalid webhook payload")
	// ErrWebhookEventType means a typed accessor such as
	// WebhookEvent.Payment was called on an event of another family.
	ErrWebhookEventType = errors.New("whop: webhook event type mismatch")
)

// WebhookEventType names the kind of a webhook event, for example
// "payment.succeeded". It is an open set: an event whose type has no
// constant below still decodes, with the type string kept as sent.
type WebhookEventType string

// Webhook event types Whop sends.
const (
	WebhookEventPaymentCreated    WebhookEventType = "payment.created"
	WebhookEventPaymentSucceeded  WebhookEventType = "payment.succeeded"
	WebhookEventPaymentFailed     WebhookEventType = "payment.failed"
	WebhookEventPaymentPending    WebhookEventType = "payment.pending"
	WebhookEventPaymentAuthorized WebhookEventType = "payment.authorized"
	WebhookEventPaymentCanceled   WebhookEventType = "payment.canceled"

	WebhookEventMembershipActivated                WebhookEventType = "membership.activated"
	WebhookEventMembershipDeactivated              WebhookEventType = "membership.deactivated"
	WebhookEventMembershipTrialEndingSoon          WebhookEventType = "membership.trial_ending_soon"
	WebhookEventMembershipCancelAtPeriodEndChanged WebhookEventType = "membership.cancel_at_period_end_changed"

	WebhookEventInvoiceCreated             WebhookEventType = "invoice.created"
	WebhookEventInvoicePaid                WebhookEventType = "invoice.paid"
	WebhookEventInvoicePastDue             WebhookEventType = "invoice.past_due"
	WebhookEventInvoiceVoided              WebhookEventType = "invoice.voided"
	WebhookEventInvoiceMarkedUncollectible WebhookEventType = "invoice.marked_uncollectible"

	WebhookEventRefundCreated       WebhookEventType = "refund.created"
	WebhookEventRefundUpdated       WebhookEventType = "refund.updated"
	WebhookEventDisputeCreated      WebhookEventType = "dispute.created"
	WebhookEventDisputeUpdated      WebhookEventType = "dispute.updated"
	WebhookEventDisputeAlertCreated WebhookEventType = "dispute_alert.created"

	WebhookEventResolutionCenterCaseCreated WebhookEventType = "resolution_center_case.created"
	WebhookEventResolutionCenterCaseUpdated WebhookEventType = "resolution_center_case.updated"
	WebhookEventResolutionCenterCaseDecided WebhookEventType = "resolution_center_case.decided"

	WebhookEventSetupIntentRequiresAction WebhookEventType = "setup_intent.requires_action"
	WebhookEventSetupIntentSucceeded      WebhookEventType = "setup_intent.succeeded"
	WebhookEventSetupIntentCanceled       WebhookEventType = "setup_intent.canceled"

	WebhookEventProductCreated     WebhookEventType = "product.created"
	WebhookEventProductUpdated     WebhookEventType = "product.updated"
	WebhookEventProductDeleted     WebhookEventType = "product.deleted"
	WebhookEventProductPublished   WebhookEventType = "product.published"
	WebhookEventProductUnpublished WebhookEventType = "product.unpublished"

	WebhookEventEntryCreated  WebhookEventType = "entry.created"
	WebhookEventEntryApproved WebhookEventType = "entry.approved"
	WebhookEventEntryDenied   WebhookEventType = "entry.denied"
	WebhookEventEntryDeleted  WebhookEventType = "entry.deleted"

	WebhookEventWithdrawalCreated                WebhookEventType = "withdrawal.created"
	WebhookEventWithdrawalUpdated                WebhookEventType = "withdrawal.updated"
	WebhookEventDepositSucceeded                 WebhookEventType = "deposit.succeeded"
	WebhookEventLedgerAccountFundsAvailable      WebhookEventType = "ledger_account.funds_available"
	WebhookEventPayoutMethodCreated              WebhookEventType = "payout_method.created"
	WebhookEventPayoutAccountStatusUpdated       WebhookEventType = "payout_account.status_updated"
	WebhookEventVerificationSucceeded            WebhookEventType = "verification.succeeded"
	WebhookEventIdentityProfileApproved          WebhookEventType = "identity_profile.approved"
	WebhookEventIdentityProfileRejected          WebhookEventType = "identity_profile.rejected"
	WebhookEventIdentityProfileNeedsAction       WebhookEventType = "identity_profile.needs_action"
	WebhookEventIdentityProfileUpdated           WebhookEventType = "identity_profile.updated"
	WebhookEventCardTransactionCreated           WebhookEventType = "card_transaction.created"
	WebhookEventCardTransactionUpdated           WebhookEventType = "card_transaction.updated"
	WebhookEventCardTransactionCompleted         WebhookEventType = "card_transaction.completed"
	WebhookEventCardTransactionDeclined          WebhookEventType = "card_transaction.declined"
	WebhookEventCardTransactionReversed          WebhookEventType = "card_transaction.reversed"
	WebhookEventCourseLessonInteractionCompleted WebhookEventType = "course_lesson_interaction.completed"
	WebhookEventChatMessageCreated               WebhookEventType = "chat.message.created"
	WebhookEventChatReactionCreated              WebhookEventType = "chat.reaction.created"
)

// IsPayment reports whether t belongs to the payment.* family, whose data
// WebhookEvent.Payment decodes.
func (t WebhookEventType) IsPayment() bool {
	return strings.HasPrefix(string(t), "payment.")
}

// WebhookEvent is the envelope of a verified webhook delivery. Data holds the
// event's object as raw JSON; use a typed accessor such as Payment, or
// json.Unmarshal it into your own type for families this package does not
// model yet.
type WebhookEvent struct {
	// ID identifies the delivery, e.g. "msg_...".
	ID string `json:"id"`
	// APIVersion is the webhook API version the payload follows, e.g. "v1".
	APIVersion string `json:"api_version"`
	// APIVersionDate is the dated API version the data is serialized to, or
	// "" when the webhook is not pinned to one.
	APIVersionDate string `json:"api_version_date"`
	// CompanyID is the company the event belongs to, or "" when Whop sends
	// none. An endpoint pinned to a newer dated API version sends the
	// company as account_id instead; CompanyID then holds that value too.
	CompanyID string `json:"company_id"`
	// AccountID is the envelope's account_id, sent instead of company_id by
	// endpoints pinned to a newer dated API version; "" otherwise.
	AccountID string `json:"account_id,omitempty"`
	// Timestamp is when Whop sent the event.
	Timestamp time.Time `json:"timestamp"`
	// Type is the event type, e.g. WebhookEventPaymentSucceeded.
	Type WebhookEventType `json:"type"`
	// PreviousAttributes holds, for some update events, the earlier values of
	// the fields that changed, keyed by field name. Nil when absent.
	PreviousAttributes json.RawMessage `json:"previous_attributes,omitempty"`
	// Data is the event's object, undecoded.
	Data json.RawMessage `json:"data"`
}

// Payment decodes the data of a payment.* event. For any other event type it
// returns an error matching ErrWebhookEventType; data that is missing or does
// not decode gives an error matching ErrWebhookInvalidPayload.
func (e *WebhookEvent) Payment() (*Payment, error) {
	return eventData[Payment](e, "payment.")
}

// eventData decodes the data of an event of the family whose types start
// with prefix (for example "payment."). Every typed accessor goes through
// it, so they all refuse the wrong family and bad data the same way.
func eventData[T any](e *WebhookEvent, prefix string) (*T, error) {
	if !strings.HasPrefix(string(e.Type), prefix) {
		family := strings.TrimSuffix(prefix, ".")
		return nil, fmt.Errorf("%w: %q events do not carry a %s", ErrWebhookEventType, e.Type, family)
	}
	data := bytes.TrimSpace(e.Data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return nil, fmt.Errorf("%w: %s event has no data", ErrWebhookInvalidPayload, e.Type)
	}
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, fmt.Errorf("%w: decoding %s data: %v", ErrWebhookInvalidPayload, e.Type, err)
	}
	return v, nil
}

// WebhookOption configures a WebhookVerifier.
type WebhookOption func(*WebhookVerifier) error

// WithWebhookTolerance sets how far webhook-timestamp may differ from the
// verifier's clock, in either direction, before a delivery is refused. It
// must be positive, or NewWebhookVerifier returns a *ParamError naming this
// option; the default is DefaultWebhookTolerance.
func WithWebhookTolerance(d time.Duration) WebhookOption {
	return func(v *WebhookVerifier) error {
		if d <= 0 {
			return paramErr("WithWebhookTolerance", fmt.Sprintf("must be positive, got %v", d))
		}
		v.tolerance = d
		return nil
	}
}

// WithWebhookClock makes the verifier read the current time from now
// instead of time.Now, so tests can check the tolerance window without
// waiting. A nil now makes NewWebhookVerifier return a *ParamError naming
// this option. (whoptest.WithWebhookClock is a different option: it dates
// the events whoptest builds.)
func WithWebhookClock(now func() time.Time) WebhookOption {
	return func(v *WebhookVerifier) error {
		if now == nil {
			return paramErr("WithWebhookClock", "clock is nil")
		}
		v.now = now
		return nil
	}
}

// WithTolerance is the former name of WithWebhookTolerance.
//
// Deprecated: Use WithWebhookTolerance, which behaves the same.
func WithTolerance(d time.Duration) WebhookOption { return WithWebhookTolerance(d) }

// WithClock is the former name of WithWebhookClock.
//
// Deprecated: Use WithWebhookClock, which behaves the same.
func WithClock(now func() time.Time) WebhookOption { return WithWebhookClock(now) }

// WebhookVerifier checks Standard Webhooks signatures made with one secret.
// It is safe for concurrent use; build one per secret and share it.
type WebhookVerifier struct {
	tolerance time.Duration
	now       func() time.Time
	macs      sync.Pool // of *webhookMAC, each keyed with the secret
}

// webhookMAC is the per-goroutine state of one verification: a keyed HMAC
// that only needs Reset between uses, plus scratch space, so verifying a
// delivery does not allocate.
type webhookMAC struct {
	mac    hash.Hash
	prefix []byte                       // "<id>.<timestamp>."
	sum    [sha256.Size]byte            // the expected MAC
	entry  [webhookSignatureB64Len]byte // one candidate, copied from the header
	got    [sha256.Size + 1]byte        // the candidate, decoded; one spare byte so Decode never overflows
}

// NewWebhookVerifier returns a verifier for the endpoint secret shown in
// Whop's dashboard. Whop keys its HMAC with the secret's bytes exactly as
// shown ("ws_..."), so such a secret is used as is and must not be decoded
// first. A secret beginning with "whsec_" is taken to be in the Standard
// Webhooks form, where the rest is the base64-encoded key; it is decoded and
// refused if that fails.
//
// White space around the secret (spaces, tabs, line breaks, as
// strings.TrimSpace defines it) is removed first: a secret read from a
// mounted file or with $(cat file) often ends in a newline, and no secret
// Whop issues starts or ends with white space. White space inside the
// secret is kept. A secret that is empty after trimming, or that is only a
// prefix ("ws_" or "whsec_") with nothing after it, is refused with an
// error wrapping ErrWebhookInvalidSecret; such errors never quote the
// secret.
func NewWebhookVerifier(secret string, opts ...WebhookOption) (*WebhookVerifier, error) {
	key, err := webhookKey(secret)
	if err != nil {
		return nil, err
	}
	v := &WebhookVerifier{tolerance: DefaultWebhookTolerance, now: time.Now}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(v); err != nil {
			return nil, err
		}
	}
	v.macs.New = func() any {
		return &webhookMAC{mac: hmac.New(sha256.New, key)}
	}
	return v, nil
}

// webhookKey turns the secret as configured into the HMAC key.
func webhookKey(secret string) ([]byte, error) {
	secret = strings.TrimSpace(secret)
	switch secret {
	case "":
		return nil, fmt.Errorf("%w: secret is empty or only white space", ErrWebhookInvalidSecret)
	case webhookWhopSecretPrefix, webhookStandardSecretPrefix:
		// Quoting the prefix would quote the whole (broken) secret.
		return nil, fmt.Errorf("%w: secret is only a prefix with no key after it; copy the whole secret from Whop's dashboard", ErrWebhookInvalidSecret)
	}
	encoded, ok := strings.CutPrefix(secret, webhookStandardSecretPrefix)
	if !ok {
		return []byte(secret), nil
	}
	key, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		// The decoder's message would quote an offset into the secret, not
		// the secret itself, but say nothing about its content anyway.
		return nil, fmt.Errorf("%w: text after %q is not valid base64", ErrWebhookInvalidSecret, webhookStandardSecretPrefix)
	}
	if len(key) == 0 {
		return nil, fmt.Errorf("%w: key after %q is empty", ErrWebhookInvalidSecret, webhookStandardSecretPrefix)
	}
	return key, nil
}

// Verify checks that body and the webhook-* headers in h were signed with
// this verifier's secret and that the delivery is within the tolerance
// window. It returns nil on success, otherwise an error matching one of
// ErrWebhookMissingHeader, ErrWebhookInvalidTimestamp,
// ErrWebhookTimestampOutsideTolerance or ErrWebhookNoMatchingSignature (or
// ErrWebhookInvalidSecret from a verifier not made by NewWebhookVerifier).
//
// webhook-signature may hold several space-separated entries (and several
// header lines); entries of versions other than "v1" are skipped, and one
// matching entry is enough. A "v1" entry matches only when it is the
// standard, padded base64 encoding of the expected MAC, spelled exactly as
// Sign spells it.
func (v *WebhookVerifier) Verify(body []byte, h http.Header) error {
	_, err := v.verify(body, h)
	return err
}

// verify is Verify that also returns the webhook-id, for the handler.
func (v *WebhookVerifier) verify(body []byte, h http.Header) (string, error) {
	if !v.usable() {
		return "", errWebhookUnusableVerifier
	}
	id := webhookFirstValue(webhookHeaderValues(h, webhookCanonicalID))
	ts := webhookFirstValue(webhookHeaderValues(h, webhookCanonicalTimestamp))
	sigs := webhookHeaderValues(h, webhookCanonicalSignature)
	if id == "" || ts == "" || !webhookAnyNonEmpty(sigs) {
		return "", webhookMissingHeaderError(id, ts, sigs)
	}

	sec, ok := webhookParseUnixSeconds(ts)
	if !ok {
		return "", fmt.Errorf("%w: want decimal Unix seconds", ErrWebhookInvalidTimestamp)
	}
	if err := v.checkTimestamp(sec); err != nil {
		return "", err
	}

	m := v.macs.Get().(*webhookMAC)
	defer v.release(m)
	expected := m.compute(id, ts, body)
	for _, line := range sigs {
		if m.matchesAny(line, expected) {
			return id, nil
		}
	}
	return "", ErrWebhookNoMatchingSignature
}

// errWebhookUnusableVerifier is returned by a nil or zero WebhookVerifier,
// which has no key: it refuses everything rather than panicking.
var errWebhookUnusableVerifier = fmt.Errorf("%w: WebhookVerifier was not created by NewWebhookVerifier", ErrWebhookInvalidSecret)

func (v *WebhookVerifier) usable() bool {
	return v != nil && v.now != nil && v.macs.New != nil
}

func (v *WebhookVerifier) release(m *webhookMAC) {
	if cap(m.prefix) > webhookMaxPooledPrefix {
		m.prefix = nil
	}
	v.macs.Put(m)
}

// compute returns HMAC(id "." ts "." body) in m.sum, feeding the hash
// directly rather than building the signed content as one string.
func (m *webhookMAC) compute(id, ts string, body []byte) []byte {
	m.prefix = append(m.prefix[:0], id...)
	m.prefix = append(m.prefix, '.')
	m.prefix = append(m.prefix, ts...)
	m.prefix = append(m.prefix, '.')
	m.mac.Reset()
	m.mac.Write(m.prefix)
	m.mac.Write(body)
	return m.mac.Sum(m.sum[:0])
}

// webhookSignatureEncoding decodes signature entries. Strict refuses
// non-zero padding bits, which the lenient decoder drops, so no second
// spelling of a signature is accepted.
var webhookSignatureEncoding = base64.StdEncoding.Strict()

// matchesAny reports whether one "v1,<base64>" entry of the space-separated
// list in line decodes to expected. Entries of other versions, of the wrong
// length or that are not base64 are skipped.
func (m *webhookMAC) matchesAny(line string, expected []byte) bool {
	for line != "" {
		var entry string
		entry, line, _ = strings.Cut(line, " ")
		encoded, ok := strings.CutPrefix(entry, webhookSignatureScheme)
		if !ok || len(encoded) != webhookSignatureB64Len {
			continue
		}
		copy(m.entry[:], encoded)
		// Strict: only the canonical encoding of a MAC matches, as in the
		// Standard Webhooks libraries, which compare the base64 text.
		n, err := webhookSignatureEncoding.Decode(m.got[:], m.entry[:])
		if err != nil || n != sha256.Size {
			continue
		}
		if hmac.Equal(m.got[:sha256.Size], expected) {
			return true
		}
	}
	return false
}

func (v *WebhookVerifier) checkTimestamp(sec int64) error {
	if sec > webhookMaxUnixSeconds {
		return fmt.Errorf("%w: timestamp is far in the future", ErrWebhookTimestampOutsideTolerance)
	}
	age := v.now().Sub(time.Unix(sec, 0))
	switch {
	case age > v.tolerance:
		return fmt.Errorf("%w: sent %v ago, tolerance %v", ErrWebhookTimestampOutsideTolerance, age.Truncate(time.Second), v.tolerance)
	case age < -v.tolerance:
		return fmt.Errorf("%w: sent %v in the future, tolerance %v", ErrWebhookTimestampOutsideTolerance, (-age).Truncate(time.Second), v.tolerance)
	}
	return nil
}

// Sign returns the webhook-signature header value ("v1,<base64>") for a
// delivery with this id, timestamp and body, as Whop would compute it with
// this verifier's secret. Use it to build signed requests in tests of your
// own handlers; Verify accepts what Sign produces. On a verifier that was
// not created by NewWebhookVerifier (nil or zero) it returns "", which no
// verifier accepts.
func (v *WebhookVerifier) Sign(id string, ts time.Time, body []byte) string {
	if !v.usable() {
		return ""
	}
	var tsBuf [20]byte
	m := v.macs.Get().(*webhookMAC)
	defer v.release(m)
	expected := m.compute(id, string(strconv.AppendInt(tsBuf[:0], ts.Unix(), 10)), body)
	var out [len(webhookSignatureScheme) + webhookSignatureB64Len]byte
	copy(out[:], webhookSignatureScheme)
	base64.StdEncoding.Encode(out[len(webhookSignatureScheme):], expected)
	return string(out[:])
}

// Unwrap verifies the delivery like Verify, then decodes its envelope. A
// verification failure returns Verify's error unchanged; a body that is not a
// JSON envelope with a type gives an error matching ErrWebhookInvalidPayload.
// Unknown event types decode normally.
func (v *WebhookVerifier) Unwrap(body []byte, h http.Header) (*WebhookEvent, error) {
	if err := v.Verify(body, h); err != nil {
		return nil, err
	}
	return decodeWebhookEvent(body)
}

func decodeWebhookEvent(body []byte) (*WebhookEvent, error) {
	var ev WebhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWebhookInvalidPayload, err)
	}
	if ev.Type == "" {
		return nil, fmt.Errorf("%w: envelope has no type", ErrWebhookInvalidPayload)
	}
	// An endpoint pinned to a newer dated API version names the company
	// account_id in the envelope; the original version says company_id.
	if ev.CompanyID == "" {
		ev.CompanyID = ev.AccountID
	}
	return &ev, nil
}

// webhookHeaderValues returns the values of a header given in canonical
// form. The direct map index is allocation-free; the case-insensitive scan
// covers headers that were built by hand with non-canonical keys.
func webhookHeaderValues(h http.Header, canonical string) []string {
	if vs, ok := h[canonical]; ok {
		return vs
	}
	for k, vs := range h {
		if strings.EqualFold(k, canonical) {
			return vs
		}
	}
	return nil
}

func webhookFirstValue(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func webhookAnyNonEmpty(vs []string) bool {
	for _, s := range vs {
		if s != "" {
			return true
		}
	}
	return false
}

func webhookMissingHeaderError(id, ts string, sigs []string) error {
	var missing []string
	if id == "" {
		missing = append(missing, WebhookHeaderID)
	}
	if ts == "" {
		missing = append(missing, WebhookHeaderTimestamp)
	}
	if !webhookAnyNonEmpty(sigs) {
		missing = append(missing, WebhookHeaderSignature)
	}
	return fmt.Errorf("%w: %s", ErrWebhookMissingHeader, strings.Join(missing, ", "))
}

// webhookParseUnixSeconds accepts only ASCII digits (no sign, no spaces), so
// the header text that was signed is exactly the number that is checked.
func webhookParseUnixSeconds(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 19 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// WebhookClaim is a WebhookDeduper's answer about one delivery ID.
type WebhookClaim int

const (
	// WebhookClaimed means the caller now holds the ID's lease: it must run
	// the delivery and then call Complete with the WebhookLease it got.
	WebhookClaimed WebhookClaim = iota + 1
	// WebhookAlreadyProcessed means a delivery with this ID was handled
	// successfully within the processed TTL; it should be acknowledged and
	// not handled again.
	WebhookAlreadyProcessed
	// WebhookInProgress means another delivery with this ID holds an
	// unexpired lease; the sender should try again later.
	WebhookInProgress
)

// WebhookLease identifies one successful Claim. Its Token is unique to that
// claim, so Complete can tell the current holder of an ID from one whose
// lease ran out and was taken over by another delivery.
type WebhookLease struct {
	// ID is the claimed webhook-id.
	ID string
	// Token is the deduper's opaque mark of this claim.
	Token string
}

// ErrWebhookLeaseLost is returned by Complete when the lease it was given
// is no longer the ID's current claim: it expired and another delivery
// claimed the ID, or the claim was already completed. Complete then changes
// nothing.
var ErrWebhookLeaseLost = errors.New("whop: webhook lease lost")

// WebhookDeduper makes webhook deliveries with the same webhook-id run at
// most once at a time and, once one succeeded, not again. WebhookHandler
// calls Claim before the handler function and Complete after it. Every
// implementation, in memory (MemoryWebhookDeduper) or in a store shared by
// several server replicas (package whopsql for PostgreSQL, module whopredis
// for Redis), follows the same rules:
//
//   - One holder at a time. Claim is atomic: of any number of concurrent
//     Claims of one ID, across all replicas sharing the store, at most one
//     gets WebhookClaimed. While that lease lasts, the others get
//     WebhookInProgress, which WebhookHandler answers with 409 so that Whop
//     delivers again later.
//   - Leases end. A claim lasts for a lease (DefaultWebhookLease unless
//     configured), chosen well above the time a handler function may take,
//     so that a replica that crashed or hung while processing does not
//     block the ID forever: after the lease, the next delivery claims the
//     ID afresh and runs the function again. A function that can outlive
//     the lease may therefore overlap with its own redelivery; keep the
//     lease above the longest run.
//   - Success is remembered. Complete(ctx, lease, true) marks the ID
//     processed for a TTL (DefaultWebhookDedupTTL, three days, unless
//     configured). Claims within the TTL get WebhookAlreadyProcessed,
//     which WebhookHandler acknowledges with 200 without running the
//     function.
//   - Failure releases. Complete(ctx, lease, false) drops the claim, so the
//     next delivery runs the function again.
//   - Only the current holder completes. Complete changes nothing and
//     returns ErrWebhookLeaseLost when the ID is already marked processed
//     or when another delivery claimed it since and still holds an
//     unexpired lease. So a replica whose lease ran out and was taken over
//     can neither mark the newer claim processed nor release it. A holder
//     whose lease ran out but was not taken over still completes normally.
//   - Store failures refuse the delivery. When Claim returns an error (the
//     database or Redis is down or timing out), WebhookHandler does not run
//     the function without a claim: it answers 503, so that Whop delivers
//     again later, and logs the error.
//   - Success is answered before it is recorded. After the function
//     succeeded, WebhookHandler sends its 200 first and calls Complete
//     after, so that a slow store cannot delay the answer until Whop gives
//     up and delivers the processed event again. A delivery arriving in
//     between gets WebhookInProgress (409) and is retried. When that
//     Complete fails, the 200 stands and the error is logged: the claim
//     stays until its lease ends, and only a delivery after that could run
//     the function again. (An error answer instead would make Whop
//     redeliver for certain, and that redelivery would run the function
//     again once the lease ended.)
//   - Panics release. When the function panics, WebhookHandler releases
//     the claim as for a failure and lets the panic go on to net/http,
//     which logs it and drops the connection, so Whop delivers again.
//
// Implementations must be safe for concurrent use.
type WebhookDeduper interface {
	// Claim tries to take the lease of id. Only with WebhookClaimed is the
	// returned WebhookLease meaningful. An error means the store could not
	// answer; the caller must not process the delivery.
	Claim(ctx context.Context, id string) (WebhookClaim, WebhookLease, error)
	// Complete ends the claim lease: processed true remembers the ID as
	// handled for the TTL, false releases it. It returns an error matching
	// ErrWebhookLeaseLost when lease is no longer the current claim, or the
	// store's error.
	Complete(ctx context.Context, lease WebhookLease, processed bool) error
}

// Defaults of NewMemoryWebhookDeduper, also used by the shared-store
// dedupers (whopsql, whopredis).
const (
	// DefaultWebhookDedupEntries is how many processed IDs
	// MemoryWebhookDeduper remembers.
	DefaultWebhookDedupEntries = 10000
	// DefaultWebhookDedupTTL is how long a processed ID is remembered: three
	// days, so that a redelivery days after the first delivery is still
	// recognised. Raise it if your endpoint can stay down longer.
	DefaultWebhookDedupTTL = 72 * time.Hour
	// DefaultWebhookLease is how long a claim lasts before another delivery
	// may take the ID over. A webhook handler should answer within seconds,
	// so five minutes leaves a wide margin and only a crashed or hung
	// replica loses its lease.
	DefaultWebhookLease = 5 * time.Minute
)

// MemoryWebhookDeduper is a WebhookDeduper that keeps IDs in process memory:
// the current claims, each with its lease, and at most a fixed number of
// processed IDs, each for the TTL, the oldest forgotten first. It protects
// one process only; several replicas need a shared store (see
// WebhookDeduper).
//
// The bound on processed IDs is what keeps its memory fixed, and it is also
// its limit: once more IDs were processed within the TTL than it holds, the
// oldest are forgotten early, and a redelivery of a forgotten ID runs the
// handler function again. Choose maxEntries above the number of deliveries
// the endpoint receives in one TTL (each entry takes about 150 bytes with a
// typical ID, so 10,000 take some 1.5 MB), or use a shared store, which has
// no such bound.
//
// The zero value is ready to use, with the defaults of
// NewMemoryWebhookDeduper(0, 0). A nil *MemoryWebhookDeduper refuses every
// Claim and Complete with an error, so a handler wired to one answers 503
// rather than panicking.
type MemoryWebhookDeduper struct {
	mu         sync.Mutex
	maxEntries int
	ttl        time.Duration
	lease      time.Duration
	now        func() time.Time
	seq        uint64
	inFlight   map[string]webhookMemClaim
	done       map[string]*list.Element // of webhookDoneEntry
	order      *list.List               // oldest first; all share one TTL, so also soonest to expire first
}

type webhookMemClaim struct {
	token   string
	expires time.Time
}

type webhookDoneEntry struct {
	id      string
	expires time.Time
}

// MemoryWebhookDeduperOption configures NewMemoryWebhookDeduper.
type MemoryWebhookDeduperOption func(*MemoryWebhookDeduper)

// WithDedupLease sets how long a MemoryWebhookDeduper claim lasts before
// another delivery of the ID may take it over. Zero or negative selects
// DefaultWebhookLease.
func WithDedupLease(d time.Duration) MemoryWebhookDeduperOption {
	return func(m *MemoryWebhookDeduper) {
		if d > 0 {
			m.lease = d
		}
	}
}

// WithDedupClock makes a MemoryWebhookDeduper read the time from now instead
// of time.Now, so tests can move leases and TTLs forward without waiting. A
// nil now is ignored.
func WithDedupClock(now func() time.Time) MemoryWebhookDeduperOption {
	return func(m *MemoryWebhookDeduper) {
		if now != nil {
			m.now = now
		}
	}
}

// NewMemoryWebhookDeduper returns an in-memory WebhookDeduper that remembers
// up to maxEntries processed IDs for ttl each. Zero or negative arguments
// select DefaultWebhookDedupEntries and DefaultWebhookDedupTTL; claims last
// DefaultWebhookLease unless WithDedupLease says otherwise.
func NewMemoryWebhookDeduper(maxEntries int, ttl time.Duration, opts ...MemoryWebhookDeduperOption) *MemoryWebhookDeduper {
	if maxEntries <= 0 {
		maxEntries = DefaultWebhookDedupEntries
	}
	if ttl <= 0 {
		ttl = DefaultWebhookDedupTTL
	}
	d := &MemoryWebhookDeduper{maxEntries: maxEntries, ttl: ttl}
	for _, opt := range opts {
		if opt != nil {
			opt(d)
		}
	}
	d.init()
	return d
}

// errNilMemoryDeduper is returned by the methods of a nil
// *MemoryWebhookDeduper.
var errNilMemoryDeduper = errors.New("whop: nil *MemoryWebhookDeduper; create it with NewMemoryWebhookDeduper")

// init gives a zero MemoryWebhookDeduper the defaults of
// NewMemoryWebhookDeduper(0, 0). d.mu must be held.
func (d *MemoryWebhookDeduper) init() {
	if d.inFlight != nil {
		return
	}
	if d.maxEntries <= 0 {
		d.maxEntries = DefaultWebhookDedupEntries
	}
	if d.ttl <= 0 {
		d.ttl = DefaultWebhookDedupTTL
	}
	if d.lease <= 0 {
		d.lease = DefaultWebhookLease
	}
	if d.now == nil {
		d.now = time.Now
	}
	d.inFlight = make(map[string]webhookMemClaim)
	d.done = make(map[string]*list.Element)
	d.order = list.New()
}

// Claim implements WebhookDeduper.
func (d *MemoryWebhookDeduper) Claim(_ context.Context, id string) (WebhookClaim, WebhookLease, error) {
	if d == nil {
		return 0, WebhookLease{}, errNilMemoryDeduper
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.init()
	now := d.now()
	d.expire(now)
	if _, ok := d.done[id]; ok {
		return WebhookAlreadyProcessed, WebhookLease{}, nil
	}
	if c, ok := d.inFlight[id]; ok && now.Before(c.expires) {
		return WebhookInProgress, WebhookLease{}, nil
	}
	d.seq++
	lease := WebhookLease{ID: id, Token: strconv.FormatUint(d.seq, 10)}
	d.inFlight[id] = webhookMemClaim{token: lease.Token, expires: now.Add(d.lease)}
	return WebhookClaimed, lease, nil
}

// Complete implements WebhookDeduper.
func (d *MemoryWebhookDeduper) Complete(_ context.Context, lease WebhookLease, processed bool) error {
	if d == nil {
		return errNilMemoryDeduper
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.init()
	now := d.now()
	d.expire(now)
	if _, ok := d.done[lease.ID]; ok || lease.Token == "" {
		return fmt.Errorf("%w: %q", ErrWebhookLeaseLost, lease.ID)
	}
	if c, ok := d.inFlight[lease.ID]; ok {
		if c.token != lease.Token && now.Before(c.expires) {
			return fmt.Errorf("%w: %q", ErrWebhookLeaseLost, lease.ID)
		}
		delete(d.inFlight, lease.ID)
	}
	if !processed {
		return nil
	}
	d.done[lease.ID] = d.order.PushBack(webhookDoneEntry{id: lease.ID, expires: now.Add(d.ttl)})
	for d.order.Len() > d.maxEntries {
		d.remove(d.order.Front())
	}
	return nil
}

// Len reports how many processed IDs are currently remembered; 0 for a
// nil deduper.
func (d *MemoryWebhookDeduper) Len() int {
	if d == nil {
		return 0
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.init()
	d.expire(d.now())
	return d.order.Len()
}

func (d *MemoryWebhookDeduper) expire(now time.Time) {
	for e := d.order.Front(); e != nil && !now.Before(e.Value.(webhookDoneEntry).expires); e = d.order.Front() {
		d.remove(e)
	}
}

func (d *MemoryWebhookDeduper) remove(e *list.Element) {
	delete(d.done, e.Value.(webhookDoneEntry).id)
	d.order.Remove(e)
}

// WebhookHandlerOption configures NewWebhookHandler (and WebhookHandler).
type WebhookHandlerOption func(*webhookHandler)

// WithWebhookMaxBodyBytes sets the largest request body the handler reads;
// larger requests are answered 413. It must be positive: otherwise
// NewWebhookHandler returns a *ParamError naming this option. The default
// is DefaultWebhookMaxBodyBytes.
func WithWebhookMaxBodyBytes(n int64) WebhookHandlerOption {
	return func(h *webhookHandler) {
		if n <= 0 {
			h.fail(paramErr("WithWebhookMaxBodyBytes", fmt.Sprintf("limit must be positive, got %d", n)))
			return
		}
		h.maxBody = n
	}
}

// WithWebhookDeduplication makes the handler claim each delivery's
// webhook-id from d before calling the handler function, following the
// rules written on WebhookDeduper: a redelivery of an ID that was already
// handled successfully is acknowledged with 200 without calling the
// function again; a delivery whose ID is held by another delivery is
// answered 409, and one the deduper cannot answer for (its store is down)
// is answered 503, so that Whop retries both later. After the function
// succeeds, the 200 is sent before the success is recorded with Complete;
// after it fails or panics, the claim is released. A nil d selects
// NewMemoryWebhookDeduper(0, 0), which protects one process only.
func WithWebhookDeduplication(d WebhookDeduper) WebhookHandlerOption {
	return func(h *webhookHandler) {
		if d == nil {
			d = NewMemoryWebhookDeduper(0, 0)
		}
		h.dedup = d
	}
}

// WithWebhookLogger makes the handler log refused deliveries and handler
// errors to l. By default it logs nothing; a nil l is ignored.
func WithWebhookLogger(l *slog.Logger) WebhookHandlerOption {
	return func(h *webhookHandler) {
		if l != nil {
			h.log = l
		}
	}
}

// WithMaxBodyBytes is the former name of WithWebhookMaxBodyBytes.
//
// Deprecated: Use WithWebhookMaxBodyBytes, which behaves the same.
func WithMaxBodyBytes(n int64) WebhookHandlerOption { return WithWebhookMaxBodyBytes(n) }

// WithDeduplication is the former name of WithWebhookDeduplication.
//
// Deprecated: Use WithWebhookDeduplication, which behaves the same.
func WithDeduplication(d WebhookDeduper) WebhookHandlerOption { return WithWebhookDeduplication(d) }

type webhookHandler struct {
	v         *WebhookVerifier
	fn        func(ctx context.Context, ev *WebhookEvent) error
	maxBody   int64
	dedup     WebhookDeduper
	log       *slog.Logger
	configErr error // the first problem found while building the handler
}

// fail records a configuration problem; the first one wins.
func (h *webhookHandler) fail(err error) {
	if h.configErr == nil {
		h.configErr = err
	}
}

// NewWebhookHandler returns an http.Handler that receives Whop webhooks: it
// accepts only POST (405 otherwise), reads at most the configured body size
// (413 beyond), verifies and decodes the delivery with v (400 with a short
// reason if that fails), then calls fn with the request's context. It
// answers 200 when fn returns nil and 500 when fn fails, so that Whop
// delivers the event again. A panic in fn is not recovered: it goes on to
// net/http, which logs it and drops the connection, and Whop delivers the
// event again (with WithWebhookDeduplication, the claim is released
// first). fn may therefore see an event more than once unless
// WithWebhookDeduplication is set (a redelivery, or a captured delivery
// replayed within the tolerance), and even then should be idempotent.
//
// A nil v or fn, or an invalid option, is refused here, at start-up, with
// an error matching ErrInvalidParams whose *ParamError names the argument
// ("v", "fn") or the option (for example "WithWebhookMaxBodyBytes"); when
// several are wrong, the first found is reported. Nil options are skipped.
func NewWebhookHandler(v *WebhookVerifier, fn func(ctx context.Context, ev *WebhookEvent) error, opts ...WebhookHandlerOption) (http.Handler, error) {
	h := newWebhookHandler(v, fn, opts)
	if h.configErr != nil {
		return nil, h.configErr
	}
	return h, nil
}

// WebhookHandler is NewWebhookHandler for callers that cannot handle an
// error where they build the handler. Prefer NewWebhookHandler, which
// reports a misconfiguration at start-up: when v or fn is nil or an option
// is invalid, the handler returned here fails closed instead. It answers
// every delivery with 500 (so Whop keeps the events and redelivers them
// once the configuration is fixed) and logs the reason to the
// WithWebhookLogger logger, if any, rather than panicking in the caller's
// server. A valid configuration behaves exactly as with NewWebhookHandler.
func WebhookHandler(v *WebhookVerifier, fn func(ctx context.Context, ev *WebhookEvent) error, opts ...WebhookHandlerOption) http.Handler {
	return newWebhookHandler(v, fn, opts)
}

// newWebhookHandler builds the handler both constructors return, recording
// the first configuration problem in configErr.
func newWebhookHandler(v *WebhookVerifier, fn func(ctx context.Context, ev *WebhookEvent) error, opts []WebhookHandlerOption) *webhookHandler {
	h := &webhookHandler{
		v:       v,
		fn:      fn,
		maxBody: DefaultWebhookMaxBodyBytes,
		log:     slog.New(webhookDiscardHandler{}),
	}
	switch {
	case v == nil:
		h.fail(paramErr("v", "nil *WebhookVerifier"))
	case fn == nil:
		h.fail(paramErr("fn", "nil handler function"))
	}
	for _, opt := range opts {
		if opt != nil {
			opt(h)
		}
	}
	return h
}

func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.configErr != nil {
		h.log.ErrorContext(r.Context(), "whop webhook handler misconfigured", "error", h.configErr)
		http.Error(w, "webhook handler misconfigured", http.StatusInternalServerError)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, status := h.readBody(w, r)
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}

	id, err := h.v.verify(body, r.Header)
	var ev *WebhookEvent
	if err == nil {
		ev, err = decodeWebhookEvent(body)
	}
	if err != nil {
		h.log.WarnContext(r.Context(), "whop webhook refused", "error", err)
		http.Error(w, webhookRefusalReason(err), http.StatusBadRequest)
		return
	}

	if h.dedup == nil {
		h.dispatch(w, r, ev)
		return
	}
	claim, lease, err := h.dedup.Claim(r.Context(), id)
	if err != nil {
		// Never process without a claim: 503 makes Whop deliver again once
		// the store is back.
		h.log.ErrorContext(r.Context(), "whop webhook de-duplication unavailable", "webhook_id", id, "error", err)
		http.Error(w, "de-duplication unavailable", http.StatusServiceUnavailable)
		return
	}
	switch claim {
	case WebhookClaimed:
	case WebhookAlreadyProcessed:
		w.WriteHeader(http.StatusOK)
		return
	case WebhookInProgress:
		http.Error(w, "delivery already in progress", http.StatusConflict)
		return
	default:
		h.log.ErrorContext(r.Context(), "whop webhook de-duplication failed", "webhook_id", id, "claim", int(claim))
		http.Error(w, "de-duplication unavailable", http.StatusInternalServerError)
		return
	}

	// The deferred Complete also releases the claim if fn panics, so the
	// redelivery is handled instead of being stuck "in progress". It runs
	// even when the request was cancelled, but not forever.
	processed := false
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), webhookCompleteTimeout)
		defer cancel()
		if err := h.dedup.Complete(ctx, lease, processed); err != nil {
			h.log.ErrorContext(ctx, "whop webhook de-duplication could not complete", "webhook_id", id, "processed", processed, "error", err)
		}
	}()
	if processed = h.dispatch(w, r, ev); processed {
		// Send the whole 200 (dispatch set Content-Length: 0) before
		// recording the success, so that a slow store cannot hold the
		// answer until the sender gives up and redelivers a processed
		// event. A ResponseWriter that cannot flush sends it on return.
		_ = http.NewResponseController(w).Flush()
	}
}

// webhookCompleteTimeout bounds WebhookDeduper.Complete after the handler
// function returned; a store that does not answer by then leaves the claim
// to its lease.
const webhookCompleteTimeout = 30 * time.Second

// dispatch calls fn and writes its outcome, reporting whether fn succeeded.
func (h *webhookHandler) dispatch(w http.ResponseWriter, r *http.Request, ev *WebhookEvent) bool {
	if err := h.fn(r.Context(), ev); err != nil {
		h.log.ErrorContext(r.Context(), "whop webhook handler failed", "webhook_id", ev.ID, "type", string(ev.Type), "error", err)
		http.Error(w, "webhook handler failed", http.StatusInternalServerError)
		return false
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return true
}

// readBody reads the request body under the size cap, returning a non-zero
// HTTP status when it cannot.
func (h *webhookHandler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, int) {
	if r.ContentLength > h.maxBody {
		return nil, http.StatusRequestEntityTooLarge
	}
	if r.Body == nil {
		return nil, 0
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, http.StatusRequestEntityTooLarge
		}
		return nil, http.StatusBadRequest
	}
	return body, 0
}

// webhookRefusalReason turns a verification error into the short text sent
// back to the caller; it names the problem and nothing else.
func webhookRefusalReason(err error) string {
	switch {
	case errors.Is(err, ErrWebhookMissingHeader):
		return "missing webhook headers"
	case errors.Is(err, ErrWebhookInvalidTimestamp):
		return "invalid webhook-timestamp"
	case errors.Is(err, ErrWebhookTimestampOutsideTolerance):
		return "webhook-timestamp outside tolerance"
	case errors.Is(err, ErrWebhookNoMatchingSignature):
		return "no matching signature"
	case errors.Is(err, ErrWebhookInvalidPayload):
		return "invalid webhook payload"
	default:
		return "webhook verification failed"
	}
}

// webhookDiscardHandler drops every record; slog.DiscardHandler needs Go 1.24.
type webhookDiscardHandler struct{}

func (webhookDiscardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (webhookDiscardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d webhookDiscardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d webhookDiscardHandler) WithGroup(string) slog.Handler           { return d }
