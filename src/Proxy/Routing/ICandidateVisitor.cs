namespace GitGateway.Proxy.Routing;

/// <summary>Receives candidate entry indexes (ascending precedence order) found by a path index.</summary>
internal interface ICandidateVisitor
{
    void Visit(int[] candidates);
}
