import Testing
@testable import SextantReport

/// Bidirectional overrides in names, from the hostile rerun of issue 12 (session 5): removed from
/// Markdown as they already were from the terminal, so a pull-request comment cannot show a name
/// reordered.
@Suite struct HostileRerunEscapeTests {
    @Test func markdownDropsBidirectionalControls() {
        let name = "bidi\u{202E}lave\u{2066}x\u{2069}"
        #expect(Escape.markdownText(name) == "bidilavex")
        #expect(Escape.markdownCode(name) == "`bidilavex`")
        #expect(Escape.terminal(name) == "bidilavex")
        // Other right-to-left text stays.
        #expect(Escape.markdownText("שלום") == "שלום")
    }
}
