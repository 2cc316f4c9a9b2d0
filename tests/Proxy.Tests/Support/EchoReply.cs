namespace GitGateway.Proxy.Tests.Support;

/// <summary>What <see cref="EchoBackend"/> answers.</summary>
internal sealed record EchoReply(string Name, string Method, string Target, string Host, string Protocol);
