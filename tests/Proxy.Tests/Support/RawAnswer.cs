namespace GitGateway.Proxy.Tests.Support;

/// <summary>What a <see cref="RawHttpBackend"/> sends for one request, and whether it then closes the connection.</summary>
internal readonly record struct RawAnswer(string Text, bool Close = false);
