<?php
/*
 * Writes the site's export exactly as Tools → Export → "All content" produces it, by
 * calling WordPress's own export_wp(). Usage: php export.php OUTPUT.xml
 */

require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

if ( $argc !== 2 ) {
	fwrite( STDERR, "usage: php export.php OUTPUT.xml\n" );
	exit( 2 );
}

wp_set_current_user( get_user_by( 'login', 'redaksi' )->ID );
ob_start();
export_wp( array( 'content' => 'all' ) );
file_put_contents( $argv[1], ob_get_clean() );
echo "exported to {$argv[1]}\n";
