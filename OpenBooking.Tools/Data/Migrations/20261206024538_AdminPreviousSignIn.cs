using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenBooking.Tools.Data.Migrations
{
    /// <inheritdoc />
    public partial class AdminPreviousSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PreviousSignInAt",
                table: "AdminAccounts",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PreviousSignInAt",
                table: "AdminAccounts");
        }
    }
}
