namespace GitGateway.Reconciler.Serve;

/// <summary>What is wrong with a serve config, one <c>file:line:column: field: rule</c> per problem.</summary>
internal sealed class ServeConfigException : Exception
{
    public ServeConfigException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    public ServeConfigException()
        : this([])
    {
    }

    public ServeConfigException(string message)
        : this([message])
    {
    }

    public ServeConfigException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public IReadOnlyList<string> Problems { get; }
}
