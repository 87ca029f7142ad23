package mockserver

import (
	"strings"
	"unicode/utf8"
)

// cutLeadingEmoji splits a name that starts with an emoji ("🎯 Ops",
// "👩‍💻Dev", "🇫🇷 Paris") into the emoji and the rest, trimmed of the
// spaces between them. ok is false when the name does not start with an
// emoji or is nothing else. A workspace created with such a name and no icon
// gets the emoji as its icon (API-NOTES.md 11.5).
func cutLeadingEmoji(name string) (emoji, rest string, ok bool) {
	i := 0
	first := true
	for i < len(name) {
		r, size := utf8.DecodeRuneInString(name[i:])
		switch {
		case first && isRegionalIndicator(r):
			i += size
			if r2, size2 := utf8.DecodeRuneInString(name[i:]); isRegionalIndicator(r2) {
				i += size2 // a flag is a pair of regional indicators
			}
		case first && isEmojiBase(r):
			i += size
		case first && strings.ContainsRune("0123456789#*", r) && keycapAt(name[i+size:]) > 0:
			i += size + keycapAt(name[i+size:])
		case !first && isEmojiModifier(r):
			i += size
		case !first && r == '\u200d': // zero-width joiner: another emoji follows
			next, nextSize := utf8.DecodeRuneInString(name[i+size:])
			if !isEmojiBase(next) {
				return "", "", false
			}
			i += size + nextSize
		default:
			if first {
				return "", "", false
			}
			if rest = strings.TrimSpace(name[i:]); rest == "" {
				return "", "", false
			}
			return name[:i], rest, true
		}
		first = false
	}
	return "", "", false // only an emoji: nothing would be left of the name
}

// keycapAt is the length of a keycap ending ("\uFE0F\u20E3" or "\u20E3")
// at the start of s, else 0.
func keycapAt(s string) int {
	switch {
	case strings.HasPrefix(s, "\ufe0f\u20e3"):
		return len("\ufe0f\u20e3")
	case strings.HasPrefix(s, "\u20e3"):
		return len("\u20e3")
	}
	return 0
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// isEmojiBase reports whether r starts an emoji: the pictographic blocks and
// the older symbols that are presented as emoji.
func isEmojiBase(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, // pictographs, emoticons, transport, supplemental symbols
		r >= 0x2600 && r <= 0x27BF, // miscellaneous symbols, dingbats
		r >= 0x2300 && r <= 0x23FF, // miscellaneous technical (⌚, ⏰)
		r >= 0x2B05 && r <= 0x2B55, // arrows, squares, ⭐, ⭕
		r == 0x00A9, r == 0x00AE, r == 0x203C, r == 0x2049, r == 0x2122, r == 0x2139,
		r == 0x24C2, r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299:
		return true
	}
	return false
}

// isEmojiModifier reports whether r continues the emoji before it: variation
// selectors, skin tones, the keycap mark and tag characters.
func isEmojiModifier(r rune) bool {
	return r == 0xFE0F || r == 0xFE0E || (r >= 0x1F3FB && r <= 0x1F3FF) || r == 0x20E3 || (r >= 0xE0020 && r <= 0xE007F)
}
