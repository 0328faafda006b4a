"""articles tables

Revision ID: articles0001
Revises:
Create Date: 2026-11-30 05:34:06.381327
"""
import sqlalchemy as sa
from alembic import op

revision = 'articles0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('articles_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles_category')),
    sa.UniqueConstraint('slug', name=op.f('uq_articles_category_slug'))
    )
    op.create_table('articles_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles_tag')),
    sa.UniqueConstraint('slug', name=op.f('uq_articles_tag_slug'))
    )
    op.create_table('articles_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('variants', sa.Text(), nullable=False),
    sa.Column('caption', sa.String(length=500), nullable=False),
    sa.Column('credit', sa.String(length=200), nullable=False),
    sa.Column('alt', sa.String(length=300), nullable=False),
    sa.Column('uploader_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['uploader_id'], ['user.id'], name=op.f('fk_articles_media_uploader_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles_media'))
    )
    op.create_table('articles_article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('dateline', sa.String(length=80), nullable=False),
    sa.Column('lead', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('byline', sa.String(length=40), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('image_id', sa.Integer(), nullable=True),
    sa.Column('image_caption', sa.String(length=500), nullable=False),
    sa.Column('image_credit', sa.String(length=200), nullable=False),
    sa.Column('image_alt', sa.String(length=300), nullable=False),
    sa.Column('seo_title', sa.String(length=200), nullable=False),
    sa.Column('seo_description', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_articles_article_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['category_id'], ['articles_category.id'], name=op.f('fk_articles_article_category_id_articles_category'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['image_id'], ['articles_media.id'], name=op.f('fk_articles_article_image_id_articles_media'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles_article')),
    sa.UniqueConstraint('slug', name=op.f('uq_articles_article_slug'))
    )
    with op.batch_alter_table('articles_article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_article_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_article_category_id'), ['category_id'], unique=False)
        batch_op.create_index('ix_articles_article_status_published', ['status', 'published_at'], unique=False)

    op.create_table('articles_article_tag',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles_article.id'], name=op.f('fk_articles_article_tag_article_id_articles_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['articles_tag.id'], name=op.f('fk_articles_article_tag_tag_id_articles_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'tag_id', name=op.f('pk_articles_article_tag'))
    )
    op.create_table('articles_autosave',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('draft_key', sa.String(length=64), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles_article.id'], name=op.f('fk_articles_autosave_article_id_articles_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_articles_autosave_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles_autosave')),
    sa.UniqueConstraint('draft_key', name=op.f('uq_articles_autosave_draft_key'))
    )
    with op.batch_alter_table('articles_autosave', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_autosave_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_autosave_user_id'), ['user_id'], unique=False)

    op.create_table('articles_presence',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles_article.id'], name=op.f('fk_articles_presence_article_id_articles_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_articles_presence_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'user_id', name=op.f('pk_articles_presence'))
    )
    op.create_table('articles_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles_article.id'], name=op.f('fk_articles_revision_article_id_articles_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_articles_revision_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles_revision'))
    )
    with op.batch_alter_table('articles_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_revision_article_id'), ['article_id'], unique=False)

    op.create_table('articles_slug_redirect',
    sa.Column('old_slug', sa.String(length=200), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles_article.id'], name=op.f('fk_articles_slug_redirect_article_id_articles_article'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('old_slug', name=op.f('pk_articles_slug_redirect'))
    )


def downgrade():
    op.drop_table('articles_slug_redirect')
    with op.batch_alter_table('articles_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_revision_article_id'))

    op.drop_table('articles_revision')
    op.drop_table('articles_presence')
    with op.batch_alter_table('articles_autosave', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_autosave_user_id'))
        batch_op.drop_index(batch_op.f('ix_articles_autosave_article_id'))

    op.drop_table('articles_autosave')
    op.drop_table('articles_article_tag')
    with op.batch_alter_table('articles_article', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_article_status_published')
        batch_op.drop_index(batch_op.f('ix_articles_article_category_id'))
        batch_op.drop_index(batch_op.f('ix_articles_article_author_id'))

    op.drop_table('articles_article')
    op.drop_table('articles_media')
    op.drop_table('articles_tag')
    op.drop_table('articles_category')
