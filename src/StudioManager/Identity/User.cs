using Microsoft.AspNetCore.Identity;

namespace StudioManager.Identity;

/// <summary>A staff account (table users). Email is unique case-insensitively through Identity's normalized email.</summary>
public class User : IdentityUser<int>
{
    public string Name { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? LastLoginAt { get; set; }
}
