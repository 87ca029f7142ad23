package mockserver

import "testing"

func TestCutLeadingEmoji(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, emoji, rest string
		ok                bool
	}{
		{"🎯 Ops", "🎯", "Ops", true},
		{"🎯Ops", "🎯", "Ops", true},
		{"🚀  Launch pad", "🚀", "Launch pad", true},
		{"👩‍💻 Dev", "👩‍💻", "Dev", true},     // a zero-width-joiner sequence
		{"👍🏽 Thanks", "👍🏽", "Thanks", true}, // a skin tone
		{"🇫🇷 Paris", "🇫🇷", "Paris", true},   // a flag: two regional indicators
		{"❤️ Love", "❤️", "Love", true},     // a symbol with a variation selector
		{"1️⃣ First", "1️⃣", "First", true}, // a keycap
		{"⭐ Stars", "⭐", "Stars", true},
		{"🎯🚀 Two", "🎯", "🚀 Two", true}, // only the first emoji
		{"Ops 🎯", "", "", false},
		{"1 Ops", "", "", false},
		{"Ölfeld", "", "", false},
		{"🎯", "", "", false}, // nothing would be left of the name
		{"🎯   ", "", "", false},
		{"", "", "", false},
	}
	for _, c := range cases {
		emoji, rest, ok := cutLeadingEmoji(c.name)
		if emoji != c.emoji || rest != c.rest || ok != c.ok {
			t.Errorf("cutLeadingEmoji(%q) = %q, %q, %v; want %q, %q, %v", c.name, emoji, rest, ok, c.emoji, c.rest, c.ok)
		}
	}
}

// A workspace created with an emoji-led name and no icon gets the emoji as
// its icon; GET shows the name as written, ?name_format=plain without it.
// With an icon sent, or on update, the name is stored as sent.
func TestWorkspaces_emojiInNameBecomesIcon(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	created := c.ok("POST", "/v1/admin/workspaces", map[string]any{"name": "🎯 Ops"})
	id, _ := created["id"].(string)
	if created["name"] != "🎯 Ops" || created["icon"] != "🎯" {
		t.Fatalf("create answer: name %v icon %v", created["name"], created["icon"])
	}
	if got := c.ok("GET", "/v1/admin/workspaces/"+id, nil); got["name"] != "🎯 Ops" || got["icon"] != "🎯" {
		t.Fatalf("GET: name %v icon %v", got["name"], got["icon"])
	}
	if got := c.ok("GET", "/v1/admin/workspaces/"+id+"?name_format=plain", nil); got["name"] != "Ops" {
		t.Fatalf("GET plain: name %v", got["name"])
	}
	withIcon := c.ok("POST", "/v1/admin/workspaces", map[string]any{"name": "🎯 Ops", "icon": "🚀"})
	if withIcon["name"] != "🚀 🎯 Ops" || withIcon["icon"] != "🚀" {
		t.Fatalf("with an icon: name %v icon %v", withIcon["name"], withIcon["icon"])
	}
	c.ok("PUT", "/v1/admin/workspaces/"+id, map[string]any{"name": "🔥 Hot", "icon": ""})
	if got := c.ok("GET", "/v1/admin/workspaces/"+id, nil); got["name"] != "🔥 Hot" || got["icon"] != nil {
		t.Fatalf("after PUT: name %v icon %v", got["name"], got["icon"])
	}
}
