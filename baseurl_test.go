package whop

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A plain-http base URL would put the API key on the wire in clear text (a
// proxy from HTTP_PROXY would read it); it is accepted only for loopback.
func TestPlainHTTPBaseURLOnlyForLoopback(t *testing.T) {
	refused := []string{
		"http://api.whop.com/api/v1",
		"http://API.WHOP.COM",
		"http://10.0.0.5:8080/api/v1",
		"http://[2001:db8::1]:8080",
		"http://0.0.0.0:12111",
		"http://[::]:12111",
		"http://localhost.evil.example",
		"http://127.0.0.1.nip.io",
	}
	accepted := []string{
		"https://api.whop.com/api/v1",
		"https://10.0.0.5:8443",
		"http://localhost:1234",
		"http://LOCALHOST/api/v1",
		"http://127.0.0.1:8080/api/v1",
		"http://127.0.0.5",
		"http://127.255.255.254:1",
		"http://[::1]:8080/api/v1",
	}
	for _, u := range refused {
		t.Run("option refuses "+u, func(t *testing.T) {
			c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(u))
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), "WithBaseURL")
			assert.Contains(t, err.Error(), "https")
			assert.NotContains(t, err.Error(), testAPIKey)
		})
		t.Run("env refuses "+u, func(t *testing.T) {
			t.Setenv(EnvAPIKey, testAPIKey)
			t.Setenv(EnvBaseURL, u)
			c, err := NewClient()
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), EnvBaseURL)
			assert.NotContains(t, err.Error(), testAPIKey)
		})
	}
	for _, u := range accepted {
		t.Run("option accepts "+u, func(t *testing.T) {
			c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(u))
			require.NoError(t, err)
			assert.Equal(t, u, c.baseURL)
		})
		t.Run("env accepts "+u, func(t *testing.T) {
			t.Setenv(EnvAPIKey, testAPIKey)
			t.Setenv(EnvBaseURL, u)
			_, err := NewClient()
			require.NoError(t, err)
		})
	}
}
