namespace GitGateway.Proxy.Policies.Waf;

/// <summary>A hand-written check of one inspected value, for rules a regular expression says badly (counts, lengths).</summary>
internal delegate bool WafValueTest(ReadOnlySpan<char> value);
