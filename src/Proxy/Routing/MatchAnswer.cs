namespace GitGateway.Proxy.Routing;

/// <summary>
/// What a condition says of a request: it holds, it does not, or it could not be decided (a regular expression
/// timed out with no linear automaton left to answer). An undecided condition never counts as "does not hold":
/// that would let a request fall through to a later, possibly less strict route, so the request is refused instead.
/// </summary>
internal enum MatchAnswer : byte
{
    No,
    Yes,
    Unanswerable,
}
