namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>A comment the emulator holds, with its author's login; <see cref="Edits"/> counts PATCHes.</summary>
internal sealed class EmulatedComment(long id, string body, string login)
{
    public long Id { get; } = id;

    public string Body { get; set; } = body;

    public string Login { get; } = login;

    public int Edits { get; set; }
}
