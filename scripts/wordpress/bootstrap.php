<?php
/*
 * Loads Debian's WordPress from the command line for the fixture site.
 *
 * Debian's /usr/share/wordpress/wp-config.php picks /etc/wordpress/config-<host>.php
 * from the request's Host, so the CLI pretends to be a request for that host.
 */

$wpfix_host = getenv( 'WPFIX_HOST' ) ?: 'kabarkediri.test';

$_SERVER['HTTP_HOST']   = $wpfix_host;
$_SERVER['SERVER_NAME'] = $wpfix_host;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PORT'] = '80';

require '/usr/share/wordpress/wp-load.php';

// No mail leaves the fixture site (the installer and new users would send some).
add_filter( 'pre_wp_mail', '__return_false' );

/*
 * The newsroom's clock, not the machine's: while $GLOBALS['wpfix_now'] holds a local
 * (Asia/Jakarta) time, every save gets it as its modification time, and every date
 * WordPress would take from "now" (an auto-draft's, a draft's, a menu item's) is that
 * time too, so the exports do not depend on the day the script runs.
 */
add_filter(
	'wp_insert_post_data',
	function ( $data ) {
		$now = $GLOBALS['wpfix_now'] ?? null;
		if ( ! $now ) {
			return $data;
		}
		$data['post_modified']     = $now;
		$data['post_modified_gmt'] = get_gmt_from_date( $now );
		if ( 'nav_menu_item' === $data['post_type'] ) {
			$data['post_date']     = $now;
			$data['post_date_gmt'] = get_gmt_from_date( $now );
		} elseif ( '0000-00-00 00:00:00' === $data['post_date_gmt'] && in_array( $data['post_status'], array( 'auto-draft', 'draft' ), true ) ) {
			$data['post_date'] = $now;
		}
		return $data;
	}
);
