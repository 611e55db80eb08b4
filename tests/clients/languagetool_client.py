"""LanguageTool's own Python client, unmodified, against a ticketlint server.

Run by scripts/lt-client-test with the server's address as the argument.
"""

import sys
import unittest

import language_tool_python

SERVER = sys.argv.pop(1) if len(sys.argv) > 1 else "http://127.0.0.1:8080"


class LanguageToolClient(unittest.TestCase):
    def check(self, language, text):
        tool = language_tool_python.LanguageTool(language, remote_server=SERVER)
        try:
            return tool, tool.check(text)
        finally:
            tool.close()

    def test_findings_in_each_language_point_at_the_text(self):
        cases = [
            ("en-US", "Hi team 😀. NOTHING WORKS AT ALL, PLEASE FIX IT NOW!!!", "NOTHING WORKS"),
            ("ru-RU", "Здравствуйте 😀! НИЧЕГО НЕ РАБОТАЕТ, ПОЧИНИТЕ СРОЧНО!!!", "НИЧЕГО НЕ РАБОТАЕТ"),
            ("uk-UA", "Добрий день 😀. НІЧОГО НЕ ПРАЦЮЄ, ПОЛАГОДЬТЕ ТЕРМІНОВО!!!", "НІЧОГО НЕ ПРАЦЮЄ"),
            ("auto", "Здравствуйте. НИЧЕГО НЕ РАБОТАЕТ, ПОЧИНИТЕ СРОЧНО!!!", "НИЧЕГО НЕ РАБОТАЕТ"),
        ]
        for language, text, shouted in cases:
            with self.subTest(language=language):
                _, matches = self.check(language, text)
                rules = {m.rule_id for m in matches}
                self.assertIn("shouting", rules)
                self.assertIn("no-timestamp", rules)
                shouting = next(m for m in matches if m.rule_id == "shouting")
                # The client's offsets (after its own UTF-16 correction) hit the text.
                found = text[shouting.offset : shouting.offset + shouting.error_length]
                self.assertIn(shouted, found)
                self.assertTrue(shouting.replacements)
                self.assertEqual(shouting.category, "SUPPORT_TICKET")

    def test_correct_applies_the_first_replacement(self):
        tool = language_tool_python.LanguageTool("en-US", remote_server=SERVER)
        try:
            fixed = tool.correct("Hello. NOTHING WORKS SINCE THE UPDATE, FIX IT NOW!!!")
        finally:
            tool.close()
        self.assertNotIn("NOTHING WORKS", fixed)
        self.assertIn("othing works since the update", fixed)

    def test_disabled_rules_are_left_out(self):
        tool = language_tool_python.LanguageTool("en-US", remote_server=SERVER)
        tool.disabled_rules = {"shouting", "WHITESPACE_RULE"}
        try:
            matches = tool.check("NOTHING WORKS SINCE THE UPDATE, FIX IT NOW!!!")
        finally:
            tool.close()
        self.assertNotIn("shouting", {m.rule_id for m in matches})

    def test_a_calm_question_has_no_matches(self):
        _, matches = self.check("en-US", "Hello, how do I export my invoices to CSV? Thanks, Ann")
        self.assertEqual([m.rule_id for m in matches], [])

    def test_an_unknown_language_is_refused_by_the_client(self):
        with self.assertRaises(ValueError):
            language_tool_python.LanguageTool("de-DE", remote_server=SERVER)


if __name__ == "__main__":
    unittest.main(verbosity=2)
