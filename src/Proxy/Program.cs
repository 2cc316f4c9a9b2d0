namespace GitGateway.Proxy;

/// <summary>The <c>gitgateway-proxy</c> node.</summary>
public static class Program
{
    /// <summary>Runs the proxy node.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("gitgateway-proxy: not built yet");
        return 2;
    }
}
