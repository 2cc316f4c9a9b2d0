namespace GitGateway.Renderer.Binding;

/// <summary>A route attached to a listener, with the hostnames it serves there (<c>*</c> for any).</summary>
internal sealed record Attachment(BoundListener Listener, BoundRoute Route, IReadOnlyList<string> Hostnames);
