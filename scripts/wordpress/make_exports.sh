#!/bin/sh
# Rebuilds the WordPress fixtures in tests/fixtures/wordpress/ from scratch on a Debian 12
# machine: installs Debian's wordpress package, makes a throwaway site in the MariaDB
# database `wordpress` (dropped first!), fills it with newsroom content through
# WordPress's own PHP functions, and writes two exports with WordPress's own exporter.
#
# Needs root (apt-get, /etc/wordpress, /var/lib/wordpress) and a MariaDB/MySQL server.
# Settings (environment): WPFIX_DB_HOST (127.0.0.1:3306), WPFIX_DB_USER (root),
# WPFIX_DB_PASSWORD (empty), WPFIX_HOST (kabarkediri.test, the site's host name).
#
# Warning: drops the database `wordpress` and the year folders in
# /var/lib/wordpress/wp-content/uploads/. Run it on a scratch machine only.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../../tests/fixtures/wordpress" && pwd)
db_host=${WPFIX_DB_HOST:-127.0.0.1:3306}
db_user=${WPFIX_DB_USER:-root}
db_password=${WPFIX_DB_PASSWORD:-}
host=${WPFIX_HOST:-kabarkediri.test}
uploads=/var/lib/wordpress/wp-content/uploads
export WPFIX_HOST="$host"

if ! dpkg -s wordpress wordpress-l10n >/dev/null 2>&1 || ! command -v php >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		wordpress wordpress-l10n php-cli php-gd php-mysql php-xml php-mbstring mariadb-client
fi

cat >"/etc/wordpress/config-$host.php" <<PHP
<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', '$db_user' );
define( 'DB_PASSWORD', '$db_password' );
define( 'DB_HOST', '$db_host' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'WP_CONTENT_DIR', '/var/lib/wordpress/wp-content' );
// The fixture site never talks to wordpress.org or runs background jobs.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
PHP

mysql_args="-h ${db_host%:*} -P ${db_host##*:} -u $db_user"
[ -n "$db_password" ] && mysql_args="$mysql_args -p$db_password"
# shellcheck disable=SC2086
mysql $mysql_args -e 'DROP DATABASE IF EXISTS wordpress;
	CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;'
rm -rf "$uploads"/[0-9][0-9][0-9][0-9]

php "$here/install.php"
php "$here/content.php"
php "$here/export.php" "$out/export-full.xml"
php "$here/later.php"
php "$here/export.php" "$out/export-later.xml"

rm -rf "$out/uploads"
mkdir -p "$out/uploads"
cp -R "$uploads"/[0-9][0-9][0-9][0-9] "$out/uploads/"
echo "uploads copied: $(find "$out/uploads" -type f | wc -l) files, $(du -sk "$out/uploads" | cut -f1) KB"
echo "WordPress $(php -r 'include "/usr/share/wordpress/wp-includes/version.php"; echo $wp_version;')"
