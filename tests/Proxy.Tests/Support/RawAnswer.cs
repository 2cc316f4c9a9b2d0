namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// What a <see cref="RawHttpBackend"/> sends for one request, and whether it then closes the connection (with
/// <c>Reset</c>, abortively: SO_LINGER 0 sends a TCP reset).
/// </summary>
internal readonly record struct RawAnswer(string Text, bool Close = false, bool Reset = false);
