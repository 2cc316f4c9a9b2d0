namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>Where one response header's name and value lie in the connection's read buffer.</summary>
internal readonly record struct Http1HeaderRange(int NameStart, int NameLength, int ValueStart, int ValueLength);
