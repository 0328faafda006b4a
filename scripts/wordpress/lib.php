<?php
/*
 * Helpers shared by content.php and later.php: small real images drawn with GD, uploads
 * through WordPress's own media handling (so it writes the resized copies and the
 * attachment metadata), posts inserted the way the editor saves them, and the HTML the
 * classic editor's "Add Media" button puts into a post.
 */

require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/post.php';

/** Stops the build with WordPress's message when a call returned a WP_Error. */
function wpfix_check( $result, $what ) {
	if ( is_wp_error( $result ) ) {
		fwrite( STDERR, "$what failed: " . $result->get_error_message() . "\n" );
		exit( 1 );
	}
	return $result;
}

/** Draws a small photo-like picture (gradient, shapes, a label) and returns its temp path. */
function wpfix_draw_image( $name, $width, $height, $label, $from, $to ) {
	$img = imagecreatetruecolor( $width, $height );
	for ( $y = 0; $y < $height; $y++ ) {
		$t = $y / max( 1, $height - 1 );
		$c = imagecolorallocate(
			$img,
			(int) ( $from[0] + ( $to[0] - $from[0] ) * $t ),
			(int) ( $from[1] + ( $to[1] - $from[1] ) * $t ),
			(int) ( $from[2] + ( $to[2] - $from[2] ) * $t )
		);
		imageline( $img, 0, $y, $width - 1, $y, $c );
	}
	$seed = crc32( $name );
	for ( $i = 0; $i < 5; $i++ ) {
		$c = imagecolorallocatealpha( $img, ( $seed >> $i ) & 255, ( $seed >> ( $i + 8 ) ) & 255, ( $seed >> ( $i + 16 ) ) & 255, 60 );
		imagefilledellipse( $img, ( $seed >> $i ) % $width, ( $seed >> ( 2 * $i ) ) % $height, 60 + 25 * $i, 40 + 20 * $i, $c );
	}
	$white = imagecolorallocate( $img, 255, 255, 255 );
	$black = imagecolorallocate( $img, 0, 0, 0 );
	imagefilledrectangle( $img, 0, $height - 28, $width, $height, $black );
	imagestring( $img, 5, 10, $height - 22, $label, $white );

	$path = sys_get_temp_dir() . '/wpfix-' . $name;
	if ( str_ends_with( $name, '.png' ) ) {
		imagetruecolortopalette( $img, false, 32 );
		imagepng( $img, $path, 9 );
	} else {
		imagejpeg( $img, $path, 60 );
	}
	imagedestroy( $img );
	return $path;
}

/**
 * Uploads a picture to a post as Media → Add New would, dated like its post so it lands in
 * that month's uploads folder. Returns the attachment id.
 */
function wpfix_upload( $name, $parent_id, $args ) {
	$args = array_merge(
		array(
			'width'  => 480,
			'height' => 320,
			'colors' => array( array( 40, 90, 160 ), array( 200, 220, 240 ) ),
			'label'  => $name,
		),
		$args
	);
	$tmp  = wpfix_draw_image( $name, $args['width'], $args['height'], $args['label'], $args['colors'][0], $args['colors'][1] );
	$date = $args['date'] ?? get_post( $parent_id )->post_date;

	$post_data = array(
		'post_title'   => $args['title'],
		'post_excerpt' => $args['caption'] ?? '',
		'post_content' => $args['description'] ?? '',
		'post_date'    => $date,
		'post_author'  => $args['author'] ?? get_current_user_id(),
	);
	$id = wpfix_check( media_handle_sideload( array( 'name' => $name, 'tmp_name' => $tmp ), $parent_id, null, $post_data ), "upload $name" );
	if ( ! empty( $args['alt'] ) ) {
		update_post_meta( $id, '_wp_attachment_image_alt', $args['alt'] );
	}
	return $id;
}

/** Saves a new post (or page) the way the editor does, returning its id. */
function wpfix_post( $args ) {
	$args = array_merge(
		array(
			'post_type'      => 'post',
			'post_status'    => 'publish',
			'comment_status' => 'open',
			'ping_status'    => 'closed',
		),
		$args
	);
	$meta = $args['meta'] ?? array();
	unset( $args['meta'] );
	// As post-new.php does: the editor starts from an auto-draft (its guid is ?p=ID), and
	// "Publish" saves over it; a date typed into the editor arrives with edit_date.
	// saved_at is when the editor pressed the button (defaults to the post's date).
	$GLOBALS['wpfix_now'] = $args['saved_at'] ?? $args['post_date'] ?? null;
	unset( $args['saved_at'] );
	$args['ID']           = get_default_post_to_edit( $args['post_type'], true )->ID;
	$args['edit_date']    = isset( $args['post_date'] );
	$id = wpfix_check( wp_update_post( wp_slash( $args ), true ), 'insert ' . $args['post_title'] );
	$GLOBALS['wpfix_now'] = null;
	update_post_meta( $id, '_edit_last', (string) $args['post_author'] );
	foreach ( $meta as $key => $value ) {
		update_post_meta( $id, $key, wp_slash( $value ) );
	}
	return $id;
}

/** Saves new content for a post, at a newsroom time given as its modification time. */
function wpfix_edit( $id, $fields, $when ) {
	$GLOBALS['wpfix_now'] = $when;
	wpfix_check( wp_update_post( wp_slash( array_merge( array( 'ID' => $id ), $fields ) ), true ), "update $id" );
	$GLOBALS['wpfix_now'] = null;
}

/** The <img> the classic editor's "Add Media" inserts for one size of an attachment. */
function wpfix_img( $id, $size, $class = 'alignnone' ) {
	list( $src, $width, $height ) = wp_get_attachment_image_src( $id, $size );
	$alt   = get_post_meta( $id, '_wp_attachment_image_alt', true );
	$class = trim( "$class size-$size wp-image-$id" );
	return sprintf( '<img class="%s" src="%s" alt="%s" width="%d" height="%d" />', $class, $src, esc_attr( $alt ), $width, $height );
}

/** The [caption] shortcode the classic editor writes for a captioned image. */
function wpfix_caption( $id, $size, $align ) {
	list( , $width ) = wp_get_attachment_image_src( $id, $size );
	$caption = get_post( $id )->post_excerpt;
	return sprintf( '[caption id="attachment_%d" align="%s" width="%d"]%s %s[/caption]', $id, $align, $width, wpfix_img( $id, $size, '' ), $caption );
}

/** A core/image block as the block editor (WordPress 6.1) saves it. */
function wpfix_image_block( $id, $size = 'large', $with_caption = true ) {
	$src     = wp_get_attachment_image_url( $id, $size );
	$alt     = get_post_meta( $id, '_wp_attachment_image_alt', true );
	$caption = get_post( $id )->post_excerpt;
	$html    = sprintf( '<figure class="wp-block-image size-%s"><img src="%s" alt="%s" class="wp-image-%d"/>', $size, $src, esc_attr( $alt ), $id );
	if ( $with_caption && '' !== $caption ) {
		$html .= '<figcaption class="wp-element-caption">' . $caption . '</figcaption>';
	}
	$html .= '</figure>';
	return sprintf( "<!-- wp:image {\"id\":%d,\"sizeSlug\":\"%s\",\"linkDestination\":\"none\"} -->\n%s\n<!-- /wp:image -->", $id, $size, $html );
}

/** A core/paragraph block. */
function wpfix_paragraph_block( $html ) {
	return "<!-- wp:paragraph -->\n<p>$html</p>\n<!-- /wp:paragraph -->";
}

/** A core/heading block (level 2 is the editor's default and is not written in the comment). */
function wpfix_heading_block( $text, $level = 2 ) {
	$attrs = 2 === $level ? '' : sprintf( ' {"level":%d}', $level );
	return "<!-- wp:heading$attrs -->\n<h$level>$text</h$level>\n<!-- /wp:heading -->";
}

/** A core/embed block for a YouTube address, as the editor saves it after a paste. */
function wpfix_youtube_block( $url, $caption = '' ) {
	$figcaption = '' === $caption ? '' : '<figcaption class="wp-element-caption">' . $caption . '</figcaption>';
	return '<!-- wp:embed {"url":"' . $url . '","type":"video","providerNameSlug":"youtube","responsive":true,"className":"wp-embed-aspect-16-9 wp-has-aspect-ratio"} -->' . "\n"
		. '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">' . "\n"
		. $url . "\n"
		. '</div>' . $figcaption . '</figure>' . "\n"
		. '<!-- /wp:embed -->';
}

/** A core/gallery block (6.1 style: nested image blocks). */
function wpfix_gallery_block( $ids, $caption ) {
	$inner = implode( "\n\n", array_map( fn( $id ) => wpfix_image_block( $id, 'large', false ), $ids ) );
	return "<!-- wp:gallery {\"linkTo\":\"none\"} -->\n"
		. '<figure class="wp-block-gallery has-nested-images columns-default is-cropped">' . $inner
		. '<figcaption class="blocks-gallery-caption wp-element-caption">' . $caption . "</figcaption></figure>\n"
		. '<!-- /wp:gallery -->';
}

/** Joins blocks with the blank line the editor puts between them. */
function wpfix_blocks( ...$blocks ) {
	return implode( "\n\n", $blocks );
}

/** The id of a category or tag by its name, for wp_set_post_terms. */
function wpfix_term( $name, $taxonomy ) {
	$term = get_term_by( 'name', $name, $taxonomy );
	if ( ! $term ) {
		fwrite( STDERR, "no $taxonomy named $name\n" );
		exit( 1 );
	}
	return (int) $term->term_id;
}
