using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Platform;

/// <summary>This installation (table installation, one row): a random key, made with the master database, that every
/// database name it creates carries, so that installations sharing a server (or the leftovers of a dropped master)
/// never meet.</summary>
[EntityTypeConfiguration(typeof(InstallationConfiguration))]
public class Installation
{
    public const int TheOne = 1;
    public int Id { get; set; } = TheOne;
    public string Key { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    public static string NewKey() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 8);
}

public sealed class InstallationConfiguration : IEntityTypeConfiguration<Installation>
{
    public void Configure(EntityTypeBuilder<Installation> b)
    {
        b.ToTable("installation");
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Key).HasMaxLength(16);
    }
}
