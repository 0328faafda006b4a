"""two-factor sign-in: TOTP columns on user, recovery codes, remembered devices

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 09:30:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))

    op.create_table('user_recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_recovery_code_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_recovery_code'))
    )
    with op.batch_alter_table('user_recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_recovery_code_user_id'), ['user_id'], unique=False)

    op.create_table('user_remembered_device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('password_check', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_remembered_device_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_remembered_device')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_remembered_device_token_hash'))
    )
    with op.batch_alter_table('user_remembered_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_remembered_device_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('user_remembered_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_remembered_device_user_id'))
    op.drop_table('user_remembered_device')

    with op.batch_alter_table('user_recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_recovery_code_user_id'))
    op.drop_table('user_recovery_code')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_enabled_at')
        batch_op.drop_column('totp_secret')
