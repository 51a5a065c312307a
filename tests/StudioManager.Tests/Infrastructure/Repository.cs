namespace StudioManager.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The checkout the tests run from (the folder holding StudioManager.slnx).</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "StudioManager.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No StudioManager.slnx above {AppContext.BaseDirectory}.");
    }
}
